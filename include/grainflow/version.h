/* include/grainflow/version.h: library version and the export macro.
 * SPDX-License-Identifier: MIT */
#ifndef GRAINFLOW_VERSION_H
#define GRAINFLOW_VERSION_H

#define GF_VERSION_MAJOR  0
#define GF_VERSION_MINOR  1
#define GF_VERSION_PATCH  0
#define GF_VERSION_STRING "0.1.0"

#if defined(__GNUC__)
#define GF_API __attribute__((visibility("default")))
#else
#define GF_API
#endif

#endif
