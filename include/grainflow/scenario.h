/* include/grainflow/scenario.h: read a scenario (a folder, CSV texts in memory, a
 * workbook, or its JSON form) into a model.
 *
 * All three go through one reader (src/scenario/scenario_read.c), so they
 * accept and refuse the same content with the same messages.
 * Format version 1: a folder of regular CSV files (UTF-8, header row, '.' as
 * decimal mark; an optional byte-order mark is skipped; columns in any order;
 * a column not listed below, an unnamed column or a column named twice is an
 * error at line 1 of the file naming the column, with the nearest known name
 * as a hint; bytes that are not UTF-8 and NUL bytes are errors at their line
 * and field; a FIFO, device or folder in place of a file is refused without
 * blocking; an empty cell takes the column's default; every row has
 * one field per header column, so a missing or extra comma is an error;
 * rows whose fields are all empty, as spreadsheets leave them, are skipped):
 *   scenario.csv  key,value: name; periods (1..10000, default 1); period_days
 *                 (> 0, default 7); horizon (cyclic | open, default cyclic);
 *                 start_month (1..12, the month period 1 starts in, default
 *                 1; labels outputs only). Optional file. Another key is an
 *                 error.
 *   nodes.csv     id, name, country, kind (origin junction border port hub
 *                 market), lat, lon; optional handling_usd_per_t (0),
 *                 throughput_t_per_period (empty = unlimited), storage_t (0),
 *                 storage_usd_per_t_per_period (0).
 *   links.csv     from, to, mode (rail road sea ferry river), distance_km,
 *                 cost_usd_per_t, transit_days; optional capacity_t_per_period
 *                 (empty = unlimited), co2_kg_per_tkm (0), both_ways (yes/no),
 *                 vessel_class (a name: letters, digits, _ -; ""), class_cargo_t
 *                 (one vessel's cargo, t; 0): both informational (outputs, and
 *                 the summary's flag on flows below one cargo).
 *   supply.csv    node, t; optional product, period (empty = every period),
 *                 price_usd_per_t (0).
 *   demand.csv    node, t, alt_price_usd_per_t; optional product, period.
 * Precision: money is taken to the cent and tonnes to the whole tonne; a value
 * with more decimals is rounded to the nearest (halves away from zero), so
 * 12.345 USD/t is 1235 cents and 10.5 t is 11 t. Values above 2^50 (in cents or
 * tonnes) are refused as too large for the solver's integer range.
 * transit_days and period_days are taken to the micro-day (10^-6 day) when a
 * link's lag ceil(transit_days / period_days) is computed, so the lag of a
 * decimal figure is exact (2.1 days in 0.3-day periods is 7 periods).
 * Every error names the file, the 1-based line and the 1-based column (field
 * number), quotes the bad value and says what is accepted.
 *
 * Format version 2 (issue 8; model.h gives the meaning) adds, all optional;
 * a scenario using none of it is a version-1 scenario and reads as before:
 *   products.csv  id, name (empty: the id). Without it, the products are
 *                 those named in supply.csv and demand.csv, in the order
 *                 first named; with it, rows must name its ids. An empty
 *                 product cell is the first product.
 *   links.csv     products (';'-separated ids; empty = every product),
 *                 vessel_t (t per departure; empty = no departures),
 *                 usd_per_departure (needs vessel_t), subsidy_usd_per_t (at
 *                 most cost_usd_per_t + usd_per_departure / vessel_t). A
 *                 both_ways link's reverse gets the same four.
 *   demand.csv    alt_from (a node id) and alt_fob_usd_per_t instead of
 *                 alt_price_usd_per_t: the alternative price is the FOB plus
 *                 the cheapest path from alt_from (model.h). A row gives one
 *                 form: both, or neither, is an error.
 *   conversions.csv node, from_product, to_product, yield (> 0); optional
 *                 cost_usd_per_t (per t in, 0), capacity_t_per_period (t in;
 *                 empty = unlimited).
 *   hubs.csv      node, option (letters, digits, _ -), fixed_usd_per_year,
 *                 throughput_t_per_period (required); optional storage_t (0).
 *                 A hub node may have no supply or demand rows.
 *   scenario.csv  min_hubs, max_hubs (0..64; default 0 and every hub node).
 * Period overrides (issue 9; any format version, read after the links):
 *   link_periods.csv from, to, mode, period, capacity_t: the capacity of
 *                 the link from -> to by mode in that period (0 closes it);
 *                 a both_ways link's two directions are named apart.
 *   node_periods.csv node, period, throughput_t: a node's throughput then.
 * A later override row for the same link (node) and period replaces the
 * earlier. Files are read in the order scenario, nodes, products, supply,
 * demand, links, conversions, hubs, link_periods, node_periods; then the
 * whole model is checked (gf_model_finish), whose errors name the row's file
 * and line.
 * SPDX-License-Identifier: MIT */
#ifndef GRAINFLOW_SCENARIO_H
#define GRAINFLOW_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "grainflow/error.h"
#include "grainflow/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Read the scenario in folder dir. Returns an owned, finished model
 * (gf_model_destroy) or NULL with *err filled: GF_EPARSE / GF_EINVAL for bad
 * content (with file, line, column), GF_ENOTFOUND for a missing file, GF_EIO,
 * GF_ELIMIT, GF_ENOMEM. Borrows dir. */
GF_API gf_model *gf_scenario_read_csv(const char *dir, gf_error *err);

/* One CSV file of a scenario held in memory (an upload): name is the file's
 * name in a folder ("nodes.csv"), text its len bytes (need not end in NUL). */
typedef struct gf_scenario_file {
    const char *name;
    const char *text;
    size_t len;
} gf_scenario_file;

/* Read a scenario from CSV texts in memory, exactly as gf_scenario_read_csv
 * reads the same files from a folder (same checks, same model, errors naming
 * the file, line and column); nothing is written anywhere. Borrows files.
 * GF_EINVAL for a name other than scenario.csv, nodes.csv, links.csv,
 * supply.csv, demand.csv, products.csv, conversions.csv, hubs.csv,
 * link_periods.csv, node_periods.csv, or one given twice; GF_ENOTFOUND for a required
 * file not given. */
GF_API gf_model *gf_scenario_read_texts(const gf_scenario_file *files, int n_files, gf_error *err);

/* A scenario in one workbook (src/scenario/scenario_workbook.c): one sheet
 * per table, named like the CSV files without ".csv" (scenario, nodes,
 * links, supply, demand), the same header row and columns, read through
 * GDAL's XLSX and ODS drivers into gf_scenario_read_texts, so it is accepted
 * and refused exactly as the folder is; errors name the workbook, the sheet,
 * the row and the column as the spreadsheet shows them ("corridor.xlsx:
 * sheet links, row 5, column E"). _mem reads len bytes of a workbook held in
 * memory (an upload), name (its file name, for errors and its format:
 * ".ods" or ".xlsx"). Borrow their arguments. */
GF_API gf_model *gf_scenario_read_workbook(const char *path, gf_error *err);
GF_API gf_model *gf_scenario_read_workbook_mem(const void *data, size_t len, const char *name,
                                               gf_error *err);
/* As gf_scenario_read_workbook_mem, and also the scenario's JSON form
 * (whatif.h; owned: gf_free(*json, *json_len + 1)) made from the same
 * sheets, for a store: an uploaded workbook is kept as its JSON form. */
GF_API gf_model *gf_scenario_read_workbook_json(const void *data, size_t len, const char *name,
                                                char **json, size_t *json_len, gf_error *err);
/* True when path names a workbook by its extension (.xlsx, .xlsm, .ods). */
GF_API bool gf_scenario_is_workbook(const char *path);
/* Where row line of table ("demand.csv") of the scenario at path is, for a
 * message about a model row (gf_demand.line, ...), into buf: "DIR/demand.csv:L"
 * for a folder, "BOOK.xlsx: sheet demand, row L" for a workbook, whose
 * line numbers are its sheet rows. line 0: the table only. Returns buf. */
GF_API const char *gf_scenario_where(const char *path, const char *table, long line, char *buf,
                                     size_t size);
/* A scenario given where the CLI takes one: a workbook file (as above) or
 * a folder (gf_scenario_read_csv). */
GF_API gf_model *gf_scenario_read_path(const char *path, gf_error *err);

/* Read the JSON form of a scenario (whatif.h) into a finished model, with the
 * errors of the CSV reader (file, line and column as whatif.h describes); no
 * temporary folder. Borrows json. */
GF_API gf_model *gf_scenario_read_json(const char *json, size_t len, gf_error *err);

/* Parse a decimal number (digits, optional sign, '.', optional exponent) into
 * an integer in units of 10^-scale, rounding half away from zero. Returns 0,
 * or 1 when s is not such a number, 2 when |value| exceeds GF_MODEL_MAX_VALUE. */
GF_API int gf_parse_fixed(const char *s, int scale, int64_t *out);

/* One row of a scenario's optional estimates.csv (columns file, column,
 * rows, what): an input that is an estimate, not a quoted statistic. The
 * strings are borrowed from the gf_scenario_estimates that holds them. */
typedef struct gf_scenario_estimate {
    const char *file, *column, *rows, *what;
} gf_scenario_estimate;

typedef struct gf_scenario_estimates {
    int32_t n;
    gf_scenario_estimate *rows;
    struct gf_csv *csv; /* private: the text the rows point into */
} gf_scenario_estimates;

/* Read DIR/estimates.csv into *out (owned: gf_scenario_estimates_destroy);
 * *out = NULL and GF_OK when the file does not exist. GF_EPARSE at the header
 * when a column is missing (file:line), GF_EIO, GF_ENOMEM. */
GF_API int gf_scenario_read_estimates(const char *dir, gf_scenario_estimates **out, gf_error *err);
GF_API void gf_scenario_estimates_destroy(gf_scenario_estimates *e);

#ifdef __cplusplus
}
#endif
#endif
