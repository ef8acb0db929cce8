/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The conversation index (rstf/conn_index.h): a direction-free hash, and
 * hash -> record lookups through growth, collisions and replacement.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "rstf/conn_index.h"

struct tuple {
    uint8_t len;
    uint8_t src[16], dst[16];
    uint16_t sport, dport;
};

static struct tuple v4(uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport)
{
    struct tuple t = { .len = 4, .sport = sport, .dport = dport };
    for (int i = 0; i < 4; i++) {
        t.src[i] = (uint8_t)(src >> (24 - 8 * i));
        t.dst[i] = (uint8_t)(dst >> (24 - 8 * i));
    }
    return t;
}

static uint32_t hash_of(const struct tuple *t)
{
    return rstf_conn_hash(t->len, t->src, t->dst, t->sport, t->dport);
}

static uint32_t hash_reversed(const struct tuple *t)
{
    return rstf_conn_hash(t->len, t->dst, t->src, t->dport, t->sport);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static void test_hash(void)
{
    struct tuple a = v4(0x0a000001, 0xac100001, 40000, 443);
    CHECK(hash_of(&a) == hash_reversed(&a), "both directions hash alike (IPv4)");

    struct tuple b = v4(0x0a000001, 0xac100001, 443, 40000);
    CHECK(hash_of(&a) != hash_of(&b), "which address has which port matters");

    struct tuple six = { .len = 16, .sport = 40000, .dport = 443 };
    six.src[0] = 0x20, six.src[1] = 0x01, six.src[15] = 1;
    six.dst[0] = 0x20, six.dst[1] = 0x01, six.dst[15] = 2;
    CHECK(hash_of(&six) == hash_reversed(&six), "both directions hash alike (IPv6)");
    struct tuple none = { .len = 0, .sport = 1, .dport = 2 };
    CHECK(hash_of(&none) == hash_reversed(&none), "both directions hash alike (ports only)");
    none.len = 7; /* not an address length: ports only, never a read past 16 bytes */
    CHECK(hash_of(&none) == rstf_conn_hash(0, none.src, none.dst, 1, 2), "odd lengths hash as none");

    /* The benchmark's shape: many clients, few servers, sequential ports. */
    enum { N = 100000 };
    uint32_t *h = malloc(N * sizeof *h);
    CHECK(h != NULL, "test memory");
    if (!h)
        return;
    for (uint32_t i = 0; i < N; i++) {
        struct tuple t = v4(0x0a000000 + (i % 5000), 0xac100000 + (i % 97), (uint16_t)(32768 + i % 28000),
                            (uint16_t)(i & 1 ? 443 : 80));
        h[i] = hash_of(&t);
    }
    qsort(h, N, sizeof *h, cmp_u32);
    unsigned dup = 0;
    for (uint32_t i = 1; i < N; i++)
        dup += h[i] == h[i - 1];
    /* Random 32-bit hashes of 100k keys collide about once. */
    CHECK(dup < 10, "%u colliding hashes among %u conversations", dup, N);
    free(h);
}

static void test_lookup_and_growth(void)
{
    static struct rstf_conn_index ix;
    enum { N = 50000 };
    struct rstf_conn_probe p;
    bool all_found = true, none_extra = true;

    rstf_conn_probe_start(&p, &ix, 1234);
    CHECK(rstf_conn_probe_next(&p) == RSTF_CONN_NONE, "an empty index finds nothing");

    for (uint32_t r = 0; r < N; r++) {
        struct tuple t = v4(0x0a000000 + r, 0xac100001, 40000, 443);
        if (!rstf_conn_index_add(&ix, hash_of(&t), r))
            all_found = false;
    }
    CHECK(all_found, "every record added");
    CHECK(ix.used == N && (uint64_t)ix.mask + 1 >= 2u * N, "grew to stay at most half full");
    for (uint32_t r = 0; r < N; r++) {
        struct tuple t = v4(0x0a000000 + r, 0xac100001, 40000, 443);
        uint32_t got, hits = 0;
        rstf_conn_probe_start(&p, &ix, hash_reversed(&t));
        while ((got = rstf_conn_probe_next(&p)) != RSTF_CONN_NONE)
            hits += got == r;
        if (hits != 1)
            all_found = false;
    }
    CHECK(all_found, "every record found once, from either direction, after growing");
    struct tuple absent = v4(0x0b000000, 0xac100001, 40000, 443);
    uint32_t got;
    rstf_conn_probe_start(&p, &ix, hash_of(&absent));
    while ((got = rstf_conn_probe_next(&p)) != RSTF_CONN_NONE)
        none_extra = none_extra && got < N; /* a colliding hash may name a real record */
    CHECK(none_extra, "probes yield only records that were added");
    rstf_conn_index_free(&ix);
    CHECK(ix.slots == NULL && ix.used == 0, "freed and empty again");
}

/* Equal hashes (collisions, or one conversation replaced by another). */
static void test_collisions_and_repoint(void)
{
    static struct rstf_conn_index ix;
    struct rstf_conn_probe p;
    const uint32_t h = 0xdeadbeef;

    for (uint32_t r = 10; r < 15; r++)
        CHECK(rstf_conn_index_add(&ix, h, r), "add %u", r);
    CHECK(rstf_conn_index_add(&ix, h + 1, 99), "a neighbour");
    rstf_conn_probe_start(&p, &ix, h);
    for (uint32_t r = 10; r < 15; r++)
        CHECK(rstf_conn_probe_next(&p) == r, "candidate %u in insertion order", r);
    CHECK(rstf_conn_probe_next(&p) == RSTF_CONN_NONE, "then no more (the neighbour is not one)");

    /* Record 12 starts over as record 20. */
    rstf_conn_probe_start(&p, &ix, h);
    while (rstf_conn_probe_next(&p) != 12)
        ;
    rstf_conn_index_repoint(&ix, &p, 20);
    uint32_t seen[8], n = 0, r;
    rstf_conn_probe_start(&p, &ix, h);
    while ((r = rstf_conn_probe_next(&p)) != RSTF_CONN_NONE && n < 8)
        seen[n++] = r;
    CHECK(n == 5 && seen[2] == 20, "the replacement takes the old record's place");
    bool old_gone = true;
    for (uint32_t i = 0; i < n; i++)
        old_gone = old_gone && seen[i] != 12;
    CHECK(old_gone, "the old record is no longer found");
    CHECK(ix.used == 6, "replacing adds nothing");

    /* A probe that returned nothing changes nothing. */
    rstf_conn_probe_start(&p, &ix, h ^ 0x5555);
    (void)rstf_conn_probe_next(&p);
    rstf_conn_index_repoint(&ix, &p, 77);
    rstf_conn_probe_start(&p, &ix, h ^ 0x5555);
    CHECK(rstf_conn_probe_next(&p) == RSTF_CONN_NONE, "no slot was written");
    rstf_conn_index_free(&ix);
}

int main(void)
{
    test_hash();
    test_lookup_and_growth();
    test_collisions_and_repoint();
    return check_summary("conn_index");
}
