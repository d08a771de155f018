/* tests/fuzz/fuzz_csv.c: fuzz one CSV file of a valid scenario: headers, UTF-8, positions.
 *
 * The first byte picks the file (scenario, nodes, links, supply or demand.csv,
 * byte % 5); the rest replaces that file in a copy of a small valid scenario
 * written to a fresh temporary folder, which gf_scenario_read_csv then reads.
 * What must hold (abort otherwise):
 * - a refusal carries a code and a message;
 * - an error that names the fuzzed file points at a line the file has
 *   (1 .. its number of lines; line 1 for an empty file) and, when it names
 *   a column, at a field no further than the longest row allows;
 * - a scenario that reads holds only valid UTF-8 text (node ids, names,
 *   countries, the scenario name and product), checked by jansson's own
 *   validator (json_string refuses invalid UTF-8), independent of csv.c's.
 * SPDX-License-Identifier: MIT */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grainflow/scenario.h"
#include "support/tmpdir.h"

static const char *const files[][2] = {
    {"scenario.csv", "key,value\nname,fuzz\nperiods,2\n"},
    {"nodes.csv", "id,name,country,kind,lat,lon,handling_usd_per_t\n"
                  "O,Origin,KZ,origin,50,60,\n"
                  "P,Port,MA,port,33.6,-7.6,2.00\n"
                  "M,Market,SN,market,14.7,-17.4,\n"},
    {"links.csv", "from,to,mode,distance_km,cost_usd_per_t,transit_days,capacity_t_per_period\n"
                  "O,P,rail,1000,10.00,3,100\n"
                  "P,M,sea,2000,20.00,4,\n"},
    {"supply.csv", "node,product,period,t,price_usd_per_t\nO,wheat,,150,100.00\n"},
    {"demand.csv", "node,product,period,t,alt_price_usd_per_t\nM,wheat,,200,140.00\n"},
};

static void put(const char *dir, const char *name, const uint8_t *data, size_t len)
{
    char path[512];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "wb");
    if (!f)
        abort();
    if (len && fwrite(data, 1, len, f) != len)
        abort();
    fclose(f);
}

static bool valid_text(const char *s)
{
    json_t *j = json_string(s);

    json_decref(j);
    return j != NULL;
}

static void check_model(const gf_model *m)
{
    if (!valid_text(gf_model_name(m)) || !valid_text(gf_model_product(m)))
        abort();
    for (int32_t i = 0; i < gf_model_node_count(m); i++) {
        const gf_node *n = gf_model_node(m, i);
        if (!valid_text(n->id) || !valid_text(n->name) || !valid_text(n->country))
            abort();
    }
}

/* Lines of the file (a last line without '\n' counts), and the most fields
 * a row could have (commas + 1 on the longest stretch). */
static void measure(const uint8_t *data, size_t len, long *lines, long *fields)
{
    *lines = 0;
    *fields = 1;
    for (size_t i = 0; i < len; i++)
        if (data[i] == '\n')
            (*lines)++;
        else if (data[i] == ',')
            (*fields)++;
    if (len && data[len - 1] != '\n')
        (*lines)++;
    if (*lines == 0)
        *lines = 1; /* "the file is empty" is at line 1 */
}

static void check_error(const gf_error *err, const char *file, const uint8_t *data, size_t len)
{
    size_t n = strlen(err->input), k = strlen(file);
    long lines, fields;

    if (err->code == GF_OK || !err->msg[0])
        abort();
    if (n < k || strcmp(err->input + n - k, file) != 0 || err->input[n - k - 1] != '/')
        return; /* another file, or the model as a whole */
    measure(data, len, &lines, &fields);
    if (err->line > lines || err->column > fields || err->line < 0 || err->column < 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char dir[256];
    gf_error err = {0};
    gf_model *m;
    int pick;

    test_tmp_template(dir, sizeof dir, "gf_fuzz_csv");
    if (size < 1 || !mkdtemp(dir))
        return 0;
    pick = data[0] % 5;
    for (int i = 0; i < 5; i++)
        if (i == pick)
            put(dir, files[i][0], data + 1, size - 1);
        else
            put(dir, files[i][0], (const uint8_t *)files[i][1], strlen(files[i][1]));
    m = gf_scenario_read_csv(dir, &err);
    if (m)
        check_model(m);
    else
        check_error(&err, files[pick][0], data + 1, size - 1);
    gf_model_destroy(m);
    for (int i = 0; i < 5; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, files[i][0]);
        remove(path);
    }
    rmdir(dir);
    return 0;
}
