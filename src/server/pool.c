/* src/server/pool.c: the server's pool of store connections.
 *
 * A store handle is used by one thread at a time (store.h), so every
 * connection thread and run worker takes a handle for the length of its
 * work and gives it back. Up to GF__STORE_POOL idle handles are kept under
 * the server lock; beyond that a returned handle is closed, and an empty
 * pool opens a new one. The pool knows nothing of HTTP.
 * SPDX-License-Identifier: MIT */
#include "server/server_int.h"

gf_store *gf__store_acquire(gf_server *srv, gf_error *err)
{
    gf_store *st = NULL;

    pthread_mutex_lock(&srv->lock);
    if (srv->n_pool > 0)
        st = srv->pool[--srv->n_pool];
    pthread_mutex_unlock(&srv->lock);
    return st ? st : gf_store_open(srv->db_path, err);
}

void gf__store_release(gf_server *srv, gf_store *st)
{
    if (!st)
        return;
    pthread_mutex_lock(&srv->lock);
    if (srv->n_pool < GF__STORE_POOL) {
        srv->pool[srv->n_pool++] = st;
        st = NULL;
    }
    pthread_mutex_unlock(&srv->lock);
    gf_store_close(st);
}

void gf__store_pool_fini(gf_server *srv)
{
    for (int i = 0; i < srv->n_pool; i++)
        gf_store_close(srv->pool[i]);
    srv->n_pool = 0;
}
