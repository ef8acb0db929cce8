/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The record index (rstf/conn_index.h): a direction-free conversation
 * hash, an address hash, and hash -> record lookups through growth,
 * collisions and replacement.
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

    /* Hosts are indexed by one address. */
    CHECK(rstf_addr_hash(4, a.src) == rstf_addr_hash(4, b.src), "an address hashes alike every time");
    CHECK(rstf_addr_hash(4, a.src) != rstf_addr_hash(4, a.dst), "two addresses hash apart");
    CHECK(rstf_addr_hash(16, six.src) != rstf_addr_hash(16, six.dst), "two IPv6 addresses hash apart");
    CHECK(rstf_addr_hash(7, six.src) == rstf_addr_hash(0, six.dst), "odd lengths hash as none");

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

static uint32_t candidates(struct rstf_conn_index *ix, uint32_t h, uint32_t *seen, uint32_t max)
{
    struct rstf_conn_probe p;
    uint32_t n = 0, r;

    rstf_conn_probe_start(&p, ix, h);
    while ((r = rstf_conn_probe_next(&p)) != RSTF_CONN_NONE && n < max)
        seen[n++] = r;
    return n;
}

/* Probe h until record comes up, as a caller whose key it holds would; p is
 * left on it.  False when it never does (no endless loop on a lost record). */
static bool probe_to(struct rstf_conn_probe *p, struct rstf_conn_index *ix, uint32_t h,
                     uint32_t record)
{
    uint32_t r;

    rstf_conn_probe_start(p, ix, h);
    while ((r = rstf_conn_probe_next(p)) != RSTF_CONN_NONE)
        if (r == record)
            return true;
    return false;
}

static bool lacks(const uint32_t *seen, uint32_t n, uint32_t record)
{
    for (uint32_t i = 0; i < n; i++)
        if (seen[i] == record)
            return false;
    return true;
}

/* Equal hashes (collisions, or one conversation replaced by another). */
static void test_collisions_and_repoint(void)
{
    static struct rstf_conn_index ix;
    struct rstf_conn_probe p;
    const uint32_t h = 0xdeadbeef;
    uint32_t seen[8], n;

    for (uint32_t r = 10; r < 15; r++)
        CHECK(rstf_conn_index_add(&ix, h, r), "add %u", r);
    CHECK(rstf_conn_index_add(&ix, h + 1, 99), "a neighbour");
    rstf_conn_probe_start(&p, &ix, h);
    CHECK(rstf_conn_probe_next(&p) == 14, "the last added comes first");
    for (uint32_t r = 10; r < 14; r++)
        CHECK(rstf_conn_probe_next(&p) == r, "then candidate %u in insertion order", r);
    CHECK(rstf_conn_probe_next(&p) == RSTF_CONN_NONE, "then no more (the neighbour is not one)");

    /* Record 12 starts over as record 20, found through the slots. */
    CHECK(probe_to(&p, &ix, h, 12), "record 12 is found");
    CHECK(rstf_conn_index_repoint(&ix, &p, 20), "repointed through the slots");
    n = candidates(&ix, h, seen, 8);
    CHECK(n == 5 && seen[0] == 20, "the replacement is found, first");
    CHECK(lacks(seen, n, 12), "the old record is no longer found");
    CHECK(ix.used == 6, "replacing adds nothing");

    /* Record 20 starts over as record 30, found through the recent table:
     * its slot must change too, or the old record would come back once the
     * recent table forgets the new one. */
    CHECK(probe_to(&p, &ix, h, 20), "record 20 is found");
    rstf_conn_probe_start(&p, &ix, h);
    CHECK(rstf_conn_probe_next(&p) == 20 && p.slot == RSTF_CONN_NONE, "20 comes from the recent table");
    CHECK(rstf_conn_index_repoint(&ix, &p, 30), "repointed through the recent table");
    memset(ix.recent, 0, sizeof ix.recent);
    n = candidates(&ix, h, seen, 8);
    CHECK(n == 5 && lacks(seen, n, 20) && !lacks(seen, n, 30),
          "the slots hold the replacement, not the old record");

    /* A probe that returned nothing changes nothing. */
    rstf_conn_probe_start(&p, &ix, h ^ 0x5555);
    (void)rstf_conn_probe_next(&p);
    CHECK(!rstf_conn_index_repoint(&ix, &p, 77), "nothing to repoint");
    rstf_conn_probe_start(&p, &ix, h ^ 0x5555);
    CHECK(rstf_conn_probe_next(&p) == RSTF_CONN_NONE, "no slot was written");
    rstf_conn_index_free(&ix);
}

/* The recent table only reorders candidates: whatever it holds, every
 * record is found once, and a freed index finds nothing. */
static void test_recent_table(void)
{
    static struct rstf_conn_index ix;
    /* Two hashes that share a place in the recent table. */
    const uint32_t h1 = 0x00010123, h2 = h1 + RSTF_CONN_RECENT_SLOTS;
    uint32_t seen[8], n;

    CHECK(rstf_conn_index_add(&ix, h1, 1) && rstf_conn_index_add(&ix, h2, 2) &&
              rstf_conn_index_add(&ix, h1, 3),
          "add two hashes sharing a recent place, one of them twice");
    for (int round = 0; round < 3; round++) {
        n = candidates(&ix, h2, seen, 8);
        CHECK(n == 1 && seen[0] == 2, "round %d: h2 finds its one record", round);
        n = candidates(&ix, h1, seen, 8);
        CHECK(n == 2 && !lacks(seen, n, 1) && !lacks(seen, n, 3),
              "round %d: h1 finds both of its records, once each", round);
    }

    /* The caller probes until its key matches: the match comes first next time. */
    struct rstf_conn_probe p;
    CHECK(probe_to(&p, &ix, h1, 1), "record 1 is found");
    n = candidates(&ix, h1, seen, 8);
    CHECK(n == 2 && seen[0] == 1, "the record last found is offered first");

    rstf_conn_index_free(&ix);
    n = candidates(&ix, h1, seen, 8);
    CHECK(n == 0, "a freed index remembers nothing, recent table included");
}

/* A caller's allocator, tallied: every release must give back a live
 * block with the size it was allocated with. */
enum { MAX_BLOCKS = 32 };
static struct { void *p; size_t bytes; } live[MAX_BLOCKS];
static unsigned allocs, bad_releases;

static void *tally_alloc(size_t bytes)
{
    for (unsigned i = 0; i < MAX_BLOCKS; i++)
        if (!live[i].p) {
            live[i].p = calloc(1, bytes);
            live[i].bytes = bytes;
            allocs++;
            return live[i].p;
        }
    return NULL;
}

static void tally_release(void *p, size_t bytes)
{
    for (unsigned i = 0; i < MAX_BLOCKS; i++)
        if (live[i].p == p) {
            bad_releases += live[i].bytes != bytes;
            live[i].p = NULL;
            free(p);
            return;
        }
    bad_releases++;
}

static unsigned live_blocks(void)
{
    unsigned n = 0;

    for (unsigned i = 0; i < MAX_BLOCKS; i++)
        n += live[i].p != NULL;
    return n;
}

static void test_caller_memory(void)
{
    static const struct rstf_conn_memory tally = { tally_alloc, tally_release };
    static struct rstf_conn_index ix;
    enum { N = 5000 };
    bool all_found = true;

    ix.memory = &tally;
    for (uint32_t r = 0; r < N; r++) {
        struct tuple t = v4(0x0a000000 + r, 0xac100001, 40000, 443);
        all_found = rstf_conn_index_add(&ix, hash_of(&t), r) && all_found;
    }
    for (uint32_t r = 0; r < N; r++) {
        struct tuple t = v4(0x0a000000 + r, 0xac100001, 40000, 443);
        struct rstf_conn_probe p;
        uint32_t got, hits = 0;
        rstf_conn_probe_start(&p, &ix, hash_of(&t));
        while ((got = rstf_conn_probe_next(&p)) != RSTF_CONN_NONE)
            hits += got == r;
        all_found = all_found && hits == 1;
    }
    CHECK(all_found, "every record found in slots from the caller's memory");
    /* 1024 slots first, doubled until N fits at most half full: 1024..16384. */
    CHECK(allocs == 5, "the slots came from the caller's allocator at each growth (%u allocations)", allocs);
    CHECK(live_blocks() == 1, "each outgrown block went back (%u live)", live_blocks());
    rstf_conn_index_free(&ix);
    CHECK(live_blocks() == 0 && bad_releases == 0, "freeing gave every block back with its size");
    CHECK(ix.memory == &tally && ix.slots == NULL && ix.used == 0, "a freed index keeps its memory");
    struct tuple t = v4(0x0a000001, 0xac100001, 40000, 443);
    CHECK(rstf_conn_index_add(&ix, hash_of(&t), 7) && allocs == 6, "and uses it again");
    rstf_conn_index_free(&ix);
    CHECK(live_blocks() == 0 && bad_releases == 0, "and gives it back again");
}

int main(void)
{
    test_hash();
    test_lookup_and_growth();
    test_collisions_and_repoint();
    test_recent_table();
    test_caller_memory();
    return check_summary("conn_index");
}
