/* tests/fuzz/fuzz_http.c: fuzz what the server parses from a request body.
 *
 * The first byte picks the parser, the rest is the body:
 *   'm'  a multipart/form-data body (boundary "xyz"): every part found must
 *        lie inside the body;
 *   'e'  a run's edits array, checked alone and then applied to a tiny
 *        two-node scenario and solved (a plan that solves must balance:
 *        delivered + unmet = demand);
 *   's'  a JSON scenario, read and solved when it reads.
 * A refusal must come with an error code and a message; nothing may crash
 * or leak (the replay runs under ASan in make check-asan).
 * SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grainflow/edit.h"
#include "grainflow/whatif.h"
#include "server/multipart.h"

static const char tiny[] =
    "{\"format\":1,\"scenario\":{\"name\":\"tiny\",\"periods\":3},"
    "\"nodes\":[{\"id\":\"A\",\"name\":\"a\",\"country\":\"KZ\",\"kind\":\"origin\",\"lat\":50,"
    "\"lon\":60,\"storage_t\":50},{\"id\":\"H\",\"name\":\"h\",\"country\":\"MA\",\"kind\":\"hub\","
    "\"lat\":33,\"lon\":-7,\"handling_usd_per_t\":2,\"throughput_t_per_period\":40},"
    "{\"id\":\"B\",\"name\":\"b\",\"country\":\"SN\",\"kind\":\"market\",\"lat\":14,\"lon\":-17}],"
    "\"links\":[{\"from\":\"A\",\"to\":\"H\",\"mode\":\"rail\",\"distance_km\":10,"
    "\"cost_usd_per_t\":5,\"transit_days\":3},{\"from\":\"H\",\"to\":\"B\",\"mode\":\"sea\","
    "\"distance_km\":10,\"cost_usd_per_t\":7,\"transit_days\":8},{\"from\":\"A\",\"to\":\"B\","
    "\"mode\":\"sea\",\"distance_km\":10,\"cost_usd_per_t\":20,\"transit_days\":9}],"
    "\"supply\":[{\"node\":\"A\",\"t\":100,\"price_usd_per_t\":100}],"
    "\"demand\":[{\"node\":\"B\",\"t\":60,\"alt_price_usd_per_t\":200}]}";

static void check_refusal(const gf_error *err)
{
    if (err->code == GF_OK || !err->msg[0])
        abort(); /* a failure without a reason */
}

static void check_plan(const gf_plan *p)
{
    for (int32_t i = 0; i < p->n_markets; i++)
        if (p->markets[i].delivered_t + p->markets[i].unmet_t != p->markets[i].demand_t)
            abort();
}

static void run_whatif(const char *scn, size_t scn_len, const char *edits, size_t len)
{
    gf_error err = {0};
    gf_whatif *w = gf_whatif_create(scn, scn_len, edits, len, &err);
    gf_plan *p;

    if (!w) {
        check_refusal(&err);
        return;
    }
    if (gf_model_node_count(gf_whatif_model(w)) <= 50 &&
        gf_model_periods(gf_whatif_model(w)) <= 60) {
        p = gf_whatif_solve(w, &err);
        if (p)
            check_plan(p);
        else
            check_refusal(&err);
        gf_plan_destroy(p);
    }
    gf_whatif_destroy(w);
}

static void fuzz_multipart(const char *body, size_t len)
{
    gf__part parts[8];
    char delim[80];
    int n = 0;

    if (gf__multipart_boundary("multipart/form-data; boundary=xyz", delim, sizeof delim))
        abort();
    if (gf__multipart_parse(body, len, delim, parts, 8, &n) == 0)
        for (int i = 0; i < n; i++)
            if (parts[i].data < body || parts[i].data + parts[i].len > body + len ||
                !parts[i].name[0])
                abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *body;
    size_t len;

    if (size < 1 || size > 1 << 16)
        return 0;
    len = size - 1;
    body = malloc(len + 1);
    if (!body)
        return 0;
    memcpy(body, data + 1, len);
    body[len] = '\0';
    switch (data[0]) {
    case 'm':
        fuzz_multipart(body, len);
        break;
    case 'e': {
        gf_error err = {0};
        gf_edits *l = gf_edits_create(&err);
        int rc = l ? gf_edits_parse_json(l, body, len, &err) : GF_ENOMEM;
        gf_edits_destroy(l);
        if (rc == GF_OK)
            run_whatif(tiny, sizeof tiny - 1, body, len);
        else
            check_refusal(&err);
        break;
    }
    case 's':
        run_whatif(body, len, NULL, 0);
        break;
    default:
        break;
    }
    free(body);
    return 0;
}
