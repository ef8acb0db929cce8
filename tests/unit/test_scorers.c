/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Every branch of every scorer, table-driven.  Each row starts from the same
 * genuine server RST (baselines built by the real tracker), changes one
 * thing, and names the vote that scorer must then cast.
 */
#include "check.h"
#include "lab.h"

#define ABSTAIN RSTF_ORIGIN_UNKNOWN
#define SERVER RSTF_ORIGIN_SERVER
#define MIDPATH RSTF_ORIGIN_MIDPATH

typedef void mutator(struct rstf_observation *o, struct rstf_config *cfg);

struct row {
    enum rstf_scorer scorer;
    const char *name;
    mutator *mutate;
    enum rstf_origin want;
    const char *reason; /* substring of the expected reason */
};

static void base_observation(struct rstf_observation *o, uint8_t ip_version)
{
    struct lab l;
    lab_init(&l, ip_version);
    lab_handshake(&l, 54 * MS, 50 * US);
    lab_send(&l, l.client, 300, 1 * MS);
    lab_send(&l, lab_server(&l), 0, 54 * MS);
    lab_send(&l, lab_server(&l), 1400, 2 * MS);
    lab_send(&l, l.client, 0, 100 * US);
    struct rstf_packet rst = lab_genuine_rst(&l, lab_server(&l), 80 * MS);
    CHECK(lab_feed(&l, &rst), "base RST observed");
    *o = l.obs;
}

static void nothing(struct rstf_observation *o, struct rstf_config *c) { (void)o; (void)c; }
static void as_ipv6(struct rstf_observation *o, struct rstf_config *c) { (void)c; base_observation(o, 6); }

/* TTL */
static void ttl_plus1(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->rst.ttl = 55; }
static void ttl_minus1(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->rst.ttl = 53; }
static void ttl_plus1_unsteady(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->claimed.ttl_min = 53; o->rst.ttl = 55; }
static void ttl_host_unsteady_plus2(struct rstf_observation *o, struct rstf_config *c)
{
    (void)c;
    o->claimed.ttl_known = false;
    o->claimed_host.ttl_min = 53; /* its traffic arrived over paths of two lengths */
    o->rst.ttl = 56;
}
static void ttl_host_minus2(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->claimed.ttl_known = false; o->rst.ttl = 52; }
static void ttl_host_plus2(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->claimed.ttl_known = false; o->rst.ttl = 56; }
static void ttl_240(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->rst.ttl = 240; }
static void ttl_40(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->rst.ttl = 40; }
static void ttl_missing(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->rst.have &= ~RSTF_HAVE_TTL; }
static void ttl_host_only(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->claimed.ttl_known = false; }
static void ttl_host_closer(struct rstf_observation *o, struct rstf_config *c) { ttl_host_only(o, c); o->rst.ttl = 62; }
static void ttl_host_few(struct rstf_observation *o, struct rstf_config *c) { ttl_host_plus2(o, c); o->claimed_host.samples = 2; }
static void ttl_nothing_known(struct rstf_observation *o, struct rstf_config *c) { ttl_host_only(o, c); o->claimed_host.ttl_known = false; }
/* The server's socket sets its own TTL (IP_TTL); its kernel's socketless
 * RST leaves with the host default, from the same 10 hops. */
static void ttl_socket_128(struct rstf_observation *o, struct rstf_config *c)
{
    (void)c;
    o->claimed.ttl = o->claimed.ttl_min = o->claimed.ttl_max = 118;
    o->rst.ttl = 54;
}
static void ttl_socket_32(struct rstf_observation *o, struct rstf_config *c)
{
    (void)c;
    o->claimed.ttl = o->claimed.ttl_min = o->claimed.ttl_max = 22;
    o->rst.ttl = 54;
}
static void ttl_socket_128_host(struct rstf_observation *o, struct rstf_config *c)
{
    ttl_host_only(o, c);
    o->claimed_host.ttl_last = o->claimed_host.ttl_min = o->claimed_host.ttl_max = 118;
    o->rst.ttl = 54;
}
static void ttl_socket_odd(struct rstf_observation *o, struct rstf_config *c)
{
    (void)c; /* IP_TTL 200: 190 looks 65 hops from 255 */
    o->claimed.ttl = o->claimed.ttl_min = o->claimed.ttl_max = 190;
    o->rst.ttl = 54;
}
static void ttl_255_near(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->rst.ttl = 253; }
static void ttl_v6_closer(struct rstf_observation *o, struct rstf_config *c) { as_ipv6(o, c); o->rst.ttl = 250; }

/* IP-ID */
static void v6_label_zero(struct rstf_observation *o, struct rstf_config *c) { as_ipv6(o, c); o->rst.flow_label = 0; }
static void v6_label_zero_host(struct rstf_observation *o, struct rstf_config *c)
{
    v6_label_zero(o, c);
    o->claimed.label_samples = 0; /* a closed port: only other traffic shows labels */
}
static void v6_label_other(struct rstf_observation *o, struct rstf_config *c) { as_ipv6(o, c); o->rst.flow_label = 0x77; }
static void v6_label_missing(struct rstf_observation *o, struct rstf_config *c) { as_ipv6(o, c); o->rst.have &= ~RSTF_HAVE_FLOWLBL; }
static void v6_label_no_baseline(struct rstf_observation *o, struct rstf_config *c)
{
    as_ipv6(o, c);
    o->claimed.label_samples = 0;
    o->claimed_host.labelled = 0;
}
static void ipid_missing(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->rst.have &= ~RSTF_HAVE_IPID; }
static void ipid_copied(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->rst.ip_id = o->trigger.ip_id; }
static void ipid_few(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->claimed.ipid_samples = 1; }
static void ipid_random(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->claimed.ipid_steps = 0; }
static void ipid_zero_habit(struct rstf_observation *o, struct rstf_config *c)
{
    (void)c;
    o->claimed.ipid_zero = o->claimed.ipid_samples;
    o->claimed.last_ip_id = 0;
    o->rst.ip_id = 0;
}
static void ipid_zero_habit_broken(struct rstf_observation *o, struct rstf_config *c) { ipid_zero_habit(o, c); o->rst.ip_id = 5; }
static void ipid_zero_df(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->rst.ip_id = 0; o->rst.df = true; }
static void ipid_repeat(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->rst.ip_id = o->claimed.last_ip_id; }
static void ipid_behind(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->rst.ip_id = (uint16_t)(o->claimed.last_ip_id - 40); }
static void ipid_jump(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->rst.ip_id = (uint16_t)(o->claimed.last_ip_id + 9000); }
static void ipid_wraps(struct rstf_observation *o, struct rstf_config *c)
{
    (void)c;
    o->claimed.last_ip_id = 65535;
    o->rst.ip_id = 2; /* 65535 -> 0 -> 1 -> 2: three steps on */
}

/* Window */
static void win_missing(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->rst.have &= ~RSTF_HAVE_WINDOW; }
static void win_copied(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->trigger.window = 3000; o->rst.window = 3000; }
static void win_copied_answered(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->answered.window = 3000; o->rst.window = 3000; }
static void win_zero_df(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->rst.window = 0; }
static void win_zero_nodf(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->rst.window = 0; o->rst.df = false; }
static void win_zero_v6(struct rstf_observation *o, struct rstf_config *c) { as_ipv6(o, c); o->rst.window = 0; }
static void win_8192(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->rst.window = 8192; }
static void win_8192_own(struct rstf_observation *o, struct rstf_config *c)
{
    (void)c;
    o->claimed.window_min = 8000;
    o->claimed.window_max = 8500;
    o->rst.window = 8192;
}
static void win_no_baseline(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->claimed.window_known = false; o->rst.window = 700; }
static void win_far(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->rst.window = 5000; }
static void win_custom_set(struct rstf_observation *o, struct rstf_config *c)
{
    c->firewall_windows[0] = 1503;
    c->n_firewall_windows = 1;
    o->rst.window = 1503;
}

/* Options */
static void opt_missing(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->rst.have &= ~RSTF_HAVE_OPTIONS; }
static void opt_not_negotiated(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->claimed.ts_sent_on_syn = false; }
static void opt_not_negotiated_bare(struct rstf_observation *o, struct rstf_config *c) { opt_not_negotiated(o, c); o->rst.options = 0; }
static void opt_ts_behind(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->rst.tsval = o->claimed.tsval - 1000; }
static void opt_no_ts_segments(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->claimed.ts_segments = 0; }
static void opt_stripped_live(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->rst.options = 0; }
static void opt_stripped_zero(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->rst.options = 0; o->rst.window = 0; }
static void opt_socket_closed(struct rstf_observation *o, struct rstf_config *c) { opt_stripped_zero(o, c); o->claimed.fin_sent = true; }
static void opt_after_rst(struct rstf_observation *o, struct rstf_config *c) { opt_stripped_zero(o, c); o->rst_index = 2; }
static void opt_socket_stale(struct rstf_observation *o, struct rstf_config *c) { opt_stripped_zero(o, c); o->rst.ts_ns = o->claimed.last_ts_ns + 11000 * MS; }
static void opt_midstream_ts(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->handshake_seen = false; }

/* Sequence */
static void seq_in_window(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->rst.seq += 1000; }
static void seq_outside(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->rst.seq = 0; }
static void seq_missing(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->rst.have &= ~RSTF_HAVE_SEQ; }
static void seq_peer_ack(struct rstf_observation *o, struct rstf_config *c)
{
    (void)c; /* the claimed sender sent data the peer has not acked yet */
    o->claimed.next_seq += 1400;
    o->rst.seq = o->peer.last_ack;
}
static void seq_no_baseline(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->claimed.seq_known = false; o->peer.ack_known = false; o->peer.seq_known = false; }
static void seq_behind_acked(struct rstf_observation *o, struct rstf_config *c)
{
    (void)c; /* repeats an ack the client sent before its latest */
    o->rst.seq = o->peer.last_ack - 1400;
}
static void seq_no_window(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->peer.ack_known = false; o->rst.seq += 10; }
static void syn_answer(struct rstf_observation *o, struct rstf_config *c)
{
    (void)c;
    o->claimed.seq_known = false;
    o->peer.ack_known = false;
    o->peer.seq_known = true;
    o->peer.next_seq = 777;
    o->rst.seq = 0;
    o->rst.ack = 777;
}
static void syn_answer_wrong_ack(struct rstf_observation *o, struct rstf_config *c) { syn_answer(o, c); o->rst.ack = 1; }
static void syn_answer_no_ack(struct rstf_observation *o, struct rstf_config *c) { syn_answer(o, c); o->rst.tcp_flags = RSTF_TCP_RST; }
static void seq_window_wraps(struct rstf_observation *o, struct rstf_config *c)
{
    (void)c; /* receive window [2^32 - 100, 2^32 - 100 + 65536) spans the wrap */
    o->peer.last_ack = 0xFFFFFF9Cu;
    o->peer.rcv_window = 65536;
    o->claimed.next_seq = 0xFFFFFF9Cu;
    o->rst.seq = 500;
}

/* Timing */
static void tm_fast(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->rst.ts_ns = o->answered.ts_ns + 800 * US; }
static void tm_host_rtt(struct rstf_observation *o, struct rstf_config *c)
{
    (void)c; /* no handshake leg here, but a faster round trip elsewhere */
    o->claimed.rtt_leg_known = false;
    o->claimed_host.rtt_known = true;
    o->claimed_host.rtt_ns = 200 * MS;
}
static void tm_tiny_leg(struct rstf_observation *o, struct rstf_config *c) { tm_host_rtt(o, c); o->claimed_host.rtt_ns = 300 * US; o->rst.ts_ns = o->answered.ts_ns + 10 * US; }
static void tm_no_rtt(struct rstf_observation *o, struct rstf_config *c) { tm_host_rtt(o, c); o->claimed_host.rtt_known = false; }
static void tm_no_trigger(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->answered.present = false; }
static void tm_fraction(struct rstf_observation *o, struct rstf_config *c) { c->timing_fast_fraction = 0.3; o->rst.ts_ns = o->answered.ts_ns + 1 * MS; }

/* Race */
static void race_seen(struct rstf_observation *o, struct rstf_config *c)
{
    (void)c;
    o->after.race = true;
    o->after.race_after_ns = 4 * MS;
}
static void race_late(struct rstf_observation *o, struct rstf_config *c) { race_seen(o, c); o->after.race_after_ns = 3000 * MS; }

/* Burst */
static void burst_member(struct rstf_observation *o, struct rstf_config *c)
{
    (void)c;
    o->burst = (struct rstf_burst){ .member = true, .spacing = 63, .windows = 1,
                                    .base_seq = o->rst.seq - 63, .gap_ns = 5 * US };
}
static void burst_member_late(struct rstf_observation *o, struct rstf_config *c) { burst_member(o, c); o->burst.gap_ns = 50 * MS; }
static void burst_first(struct rstf_observation *o, struct rstf_config *c)
{
    (void)c;
    o->after.burst = true;
    o->after.burst_gap_ns = 4 * US;
    o->after.burst_next_seq = o->rst.seq + 63;
    o->after.burst_spacing = 63;
}
static void burst_first_late(struct rstf_observation *o, struct rstf_config *c) { burst_first(o, c); o->after.burst_gap_ns = 20 * MS; }

/* Challenge ACK */
static void challenged(struct rstf_observation *o, struct rstf_config *c)
{
    (void)c; /* a guess 1000 bytes past the server's data, inside the client's window */
    o->rst.seq = o->claimed.next_seq + 1000;
    o->after.challenge = true;
    o->after.challenge_ack = o->peer.last_ack;
    o->after.challenge_after_ns = 1 * MS;
}
static void challenged_own_seq(struct rstf_observation *o, struct rstf_config *c) { challenged(o, c); o->rst.seq = o->claimed.next_seq; }
static void challenged_late(struct rstf_observation *o, struct rstf_config *c) { challenged(o, c); o->after.challenge_after_ns = 1500 * MS; }
static void challenged_too_soon(struct rstf_observation *o, struct rstf_config *c)
{
    challenged(o, c); /* the client is 40 ms away: an ACK 1 ms after the RST left before it */
    o->peer.rtt_leg_ns = 40 * MS;
}
static void challenged_no_seq(struct rstf_observation *o, struct rstf_config *c) { challenged(o, c); o->claimed.seq_known = false; }

/* Diagnostic payload */
static void diag_set(struct rstf_observation *o, uint8_t status, uint16_t reason, uint32_t pen)
{
    o->rst.have |= RSTF_HAVE_PAYLOAD;
    o->rst.payload_len = 8;
    o->rst.diag = (struct rstf_diag){ .status = status, .reason = reason, .pen = pen };
}
static void diag_timeout(struct rstf_observation *o, struct rstf_config *c) { (void)c; diag_set(o, RSTF_DIAG_VALID, 14, 0); }
static void diag_abort(struct rstf_observation *o, struct rstf_config *c) { (void)c; diag_set(o, RSTF_DIAG_VALID, 4, 0); }
static void diag_vendor(struct rstf_observation *o, struct rstf_config *c) { (void)c; diag_set(o, RSTF_DIAG_VALID, 1234, 32473); }
static void diag_malformed(struct rstf_observation *o, struct rstf_config *c) { (void)c; diag_set(o, RSTF_DIAG_MALFORMED, 0, 0); }
static void diag_truncated(struct rstf_observation *o, struct rstf_config *c) { (void)c; diag_set(o, RSTF_DIAG_TRUNCATED, 0, 0); }
static void diag_foreign(struct rstf_observation *o, struct rstf_config *c) { (void)c; diag_set(o, RSTF_DIAG_FOREIGN, 0, 0); o->rst.payload_len = 12; }
static void diag_uninspected(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->rst.payload_len = 8; }

/* Classifier-wide */
static void roles_unknown(struct rstf_observation *o, struct rstf_config *c) { (void)c; o->claimed.role = RSTF_ROLE_UNKNOWN; o->peer.role = RSTF_ROLE_UNKNOWN; }
static void disable_ttl(struct rstf_observation *o, struct rstf_config *c) { (void)o; c->enabled[RSTF_SCORER_TTL] = false; }

static const struct row rows[] = {
    { RSTF_SCORER_TTL, "ttl match", nothing, SERVER, "TTL 54 matches server baseline 54; initial TTL 64, 10 hops away, as the server's" },
    { RSTF_SCORER_TTL, "ttl socket IP_TTL 128", ttl_socket_128, ABSTAIN, "TTL 54 from the server's distance, another start: its kernel's default where its socket sets IP_TTL, or a box beside it; RST left a stack with initial TTL 64, 10 hops away; the server's packets start at 128 and are 10 hops away" },
    { RSTF_SCORER_TTL, "ttl socket IP_TTL 32", ttl_socket_32, ABSTAIN, "from the server's distance, another start" },
    { RSTF_SCORER_TTL, "ttl socket IP_TTL, host", ttl_socket_128_host, ABSTAIN, "or a box beside it (its other traffic); RST left a stack with initial TTL 64, 10 hops away; the server's packets start at 128 and are 10 hops away" },
    { RSTF_SCORER_TTL, "ttl socket odd IP_TTL", ttl_socket_odd, ABSTAIN, "TTL 54 is below server baseline 190 by 136, but its packets started at a value no stack defaults to" },
    { RSTF_SCORER_TTL, "ttl 255 box nearer", ttl_255_near, MIDPATH, "TTL 253 exceeds server baseline 54 by 199: another stack at another distance; RST left a stack with initial TTL 255, 2 hops away; the server's packets start at 64 and are 10 hops away" },
    { RSTF_SCORER_TTL, "ttl one closer, hops", ttl_plus1, MIDPATH, "initial TTL 64 as the server's, 9 hops away against its 10" },
    { RSTF_SCORER_TTL, "ttl one closer on a steady path", ttl_plus1, MIDPATH, "TTL 55 exceeds server baseline 54 by 1 (closer hop)" },
    { RSTF_SCORER_TTL, "ttl one farther", ttl_minus1, SERVER, "TTL 53 within 2 of server baseline 54" },
    { RSTF_SCORER_TTL, "ttl jitter", ttl_plus1_unsteady, SERVER, "TTL 55 within 2 of server baseline 54" },
    { RSTF_SCORER_TTL, "ttl host steady, closer", ttl_host_plus2, MIDPATH, "TTL 56 exceeds server baseline 54 by 2 (closer hop) (its other traffic)" },
    { RSTF_SCORER_TTL, "ttl host slack", ttl_host_unsteady_plus2, ABSTAIN, "TTL 56 is 2 above server baseline 54 from other traffic" },
    { RSTF_SCORER_TTL, "ttl host farther", ttl_host_minus2, SERVER, "TTL 52 within 2 of server baseline 54 (its other traffic)" },
    { RSTF_SCORER_TTL, "ttl other stack, other distance", ttl_240, MIDPATH, "TTL 240 exceeds server baseline 54 by 186: another stack at another distance; RST left a stack with initial TTL 255, 15 hops away; the server's packets start at 64 and are 10 hops away" },
    { RSTF_SCORER_TTL, "ttl farther", ttl_40, MIDPATH, "TTL 40 is 14 below server baseline 54" },
    { RSTF_SCORER_TTL, "ttl missing", ttl_missing, ABSTAIN, "TTL not captured" },
    { RSTF_SCORER_TTL, "ttl host baseline", ttl_host_only, SERVER, "TTL 54 matches server baseline 54 (its other traffic)" },
    { RSTF_SCORER_TTL, "ttl host closer", ttl_host_closer, MIDPATH, "TTL 62 exceeds server baseline 54 by 8 (closer hop) (its other traffic)" },
    { RSTF_SCORER_TTL, "ttl host few samples", ttl_host_few, ABSTAIN, "within the slack between paths" },
    { RSTF_SCORER_TTL, "ttl no baseline", ttl_nothing_known, ABSTAIN, "no TTL baseline" },
    { RSTF_SCORER_TTL, "hop limit", ttl_v6_closer, MIDPATH, "hop limit 250 exceeds server baseline 54" },

    { RSTF_SCORER_IPID, "ipid continues", nothing, SERVER, "continues server counter" },
    { RSTF_SCORER_IPID, "ipid wraps", ipid_wraps, SERVER, "IP-ID 2 continues server counter (last 65535, +3)" },
    { RSTF_SCORER_IPID, "ipv6 flow label kept", as_ipv6, SERVER, "flow label 0x5e2a1 as on the server's segments" },
    { RSTF_SCORER_IPID, "ipv6 flow label zeroed", v6_label_zero, MIDPATH, "flow label 0 where the server labels its packets" },
    { RSTF_SCORER_IPID, "ipv6 flow label zero, host", v6_label_zero_host, MIDPATH, "flow label 0 where the server labels its packets (its other traffic)" },
    { RSTF_SCORER_IPID, "ipv6 flow label other", v6_label_other, ABSTAIN, "as its stack's socketless RSTs do" },
    { RSTF_SCORER_IPID, "ipv6 flow label none", v6_label_missing, ABSTAIN, "IPv6 flow label not captured" },
    { RSTF_SCORER_IPID, "ipv6 no label baseline", v6_label_no_baseline, ABSTAIN, "no flow label baseline" },
    { RSTF_SCORER_IPID, "ipid missing", ipid_missing, ABSTAIN, "IP-ID not captured" },
    { RSTF_SCORER_IPID, "ipid copied", ipid_copied, MIDPATH, "copied from the client's last segment" },
    { RSTF_SCORER_IPID, "ipid few", ipid_few, ABSTAIN, "too few server segments" },
    { RSTF_SCORER_IPID, "ipid random", ipid_random, ABSTAIN, "look random" },
    { RSTF_SCORER_IPID, "ipid zero habit", ipid_zero_habit, SERVER, "IP-ID 0 like every server segment" },
    { RSTF_SCORER_IPID, "ipid zero broken", ipid_zero_habit_broken, MIDPATH, "IP-ID 5 where the server always sends 0" },
    { RSTF_SCORER_IPID, "ipid socketless", ipid_zero_df, ABSTAIN, "without a socket" },
    { RSTF_SCORER_IPID, "ipid repeats", ipid_repeat, MIDPATH, "repeats" },
    { RSTF_SCORER_IPID, "ipid behind", ipid_behind, MIDPATH, "runs 40 behind" },
    { RSTF_SCORER_IPID, "ipid jumps", ipid_jump, MIDPATH, "jumps 9000" },

    { RSTF_SCORER_WINDOW, "window own", nothing, SERVER, "in line with the server's own" },
    { RSTF_SCORER_WINDOW, "window missing", win_missing, ABSTAIN, "window not captured" },
    { RSTF_SCORER_WINDOW, "window copied", win_copied, MIDPATH, "window 3000 copied from the client's last segment" },
    { RSTF_SCORER_WINDOW, "window copied from the answered", win_copied_answered, MIDPATH, "window 3000 copied from the client's last segment" },
    { RSTF_SCORER_WINDOW, "window 0 socketless", win_zero_df, ABSTAIN, "without a socket" },
    { RSTF_SCORER_WINDOW, "window 0 no DF", win_zero_nodf, MIDPATH, "window 0 matches firewall sentinel set" },
    { RSTF_SCORER_WINDOW, "window 0 v6", win_zero_v6, ABSTAIN, "window 0: what endpoint stacks send" },
    { RSTF_SCORER_WINDOW, "window sentinel", win_8192, MIDPATH, "window 8192 matches firewall sentinel set" },
    { RSTF_SCORER_WINDOW, "window sentinel own", win_8192_own, SERVER, "window 8192 in line" },
    { RSTF_SCORER_WINDOW, "window custom set", win_custom_set, MIDPATH, "window 1503 matches firewall sentinel set" },
    { RSTF_SCORER_WINDOW, "window no baseline", win_no_baseline, ABSTAIN, "no window baseline" },
    { RSTF_SCORER_WINDOW, "window far", win_far, ABSTAIN, "window 5000 unlike" },

    { RSTF_SCORER_OPTIONS, "ts kept", nothing, SERVER, "timestamps kept, TSval" },
    { RSTF_SCORER_OPTIONS, "options missing", opt_missing, ABSTAIN, "TCP options not captured" },
    { RSTF_SCORER_OPTIONS, "ts unnegotiated", opt_not_negotiated, MIDPATH, "never negotiated" },
    { RSTF_SCORER_OPTIONS, "ts unused", opt_not_negotiated_bare, ABSTAIN, "timestamps not in use" },
    { RSTF_SCORER_OPTIONS, "tsval behind", opt_ts_behind, MIDPATH, "runs behind the server's last" },
    { RSTF_SCORER_OPTIONS, "ts as negotiated", opt_no_ts_segments, SERVER, "timestamps kept as negotiated" },
    { RSTF_SCORER_OPTIONS, "ts stripped live", opt_stripped_live, MIDPATH, "yet a live window" },
    { RSTF_SCORER_OPTIONS, "ts stripped, socket open", opt_stripped_zero, MIDPATH, "socket is open (no FIN, spoke 0.080s before)" },
    { RSTF_SCORER_OPTIONS, "ts stripped after FIN", opt_socket_closed, ABSTAIN, "without a socket too" },
    { RSTF_SCORER_OPTIONS, "ts stripped after an RST", opt_after_rst, ABSTAIN, "without a socket too" },
    { RSTF_SCORER_OPTIONS, "ts stripped after silence", opt_socket_stale, ABSTAIN, "without a socket too" },
    { RSTF_SCORER_OPTIONS, "ts midstream", opt_midstream_ts, SERVER, "continues the server's" },

    { RSTF_SCORER_SEQ, "seq exact", nothing, SERVER, "is exactly the server's next seq" },
    { RSTF_SCORER_SEQ, "seq = peer's ack", seq_peer_ack, SERVER, "is exactly the server's next seq" },
    { RSTF_SCORER_SEQ, "seq in window", seq_in_window, SERVER, "inside receive window" },
    { RSTF_SCORER_SEQ, "seq outside", seq_outside, MIDPATH, "seq 0 outside receive window" },
    { RSTF_SCORER_SEQ, "seq behind, acknowledged", seq_behind_acked, ABSTAIN, "an answer to a segment in flight" },
    { RSTF_SCORER_SEQ, "seq missing", seq_missing, ABSTAIN, "sequence number not captured" },
    { RSTF_SCORER_SEQ, "seq no baseline", seq_no_baseline, ABSTAIN, "no sequence baseline" },
    { RSTF_SCORER_SEQ, "seq no window", seq_no_window, ABSTAIN, "receive window is unknown" },
    { RSTF_SCORER_SEQ, "syn answered", syn_answer, ABSTAIN, "acknowledges the client's SYN (ack 777)" },
    { RSTF_SCORER_SEQ, "syn wrong ack", syn_answer_wrong_ack, MIDPATH, "ack 1 does not acknowledge" },
    { RSTF_SCORER_SEQ, "syn no ack", syn_answer_no_ack, ABSTAIN, "without an ACK" },
    { RSTF_SCORER_SEQ, "seq wraps", seq_window_wraps, SERVER, "seq 500 inside receive window [4294967196,65436]" },

    { RSTF_SCORER_TIMING, "timing plausible", nothing, SERVER, "the server had time to reply" },
    { RSTF_SCORER_TIMING, "timing fast", tm_fast, MIDPATH, "Δ=0.0008s < ½ RTT (0.0270s); too fast for the server to have replied" },
    { RSTF_SCORER_TIMING, "timing host rtt", tm_host_rtt, MIDPATH, "< ½ RTT (0.1000s)" },
    { RSTF_SCORER_TIMING, "timing tiny leg", tm_tiny_leg, ABSTAIN, "0.0003s away: too close to the capture point" },
    { RSTF_SCORER_TIMING, "timing no rtt", tm_no_rtt, ABSTAIN, "no round trip to the server" },
    { RSTF_SCORER_TIMING, "timing no trigger", tm_no_trigger, ABSTAIN, "no captured client segment that the RST provably answers" },
    { RSTF_SCORER_TIMING, "timing fraction", tm_fraction, MIDPATH, "< 0.3×RTT (0.0162s)" },

    { RSTF_SCORER_RACE, "no race", nothing, ABSTAIN, "nothing more from the server after this RST" },
    { RSTF_SCORER_RACE, "race", race_seen, MIDPATH, "the server kept sending 0.0040s after this RST" },
    { RSTF_SCORER_RACE, "race too late", race_late, ABSTAIN, "3.000s after this RST: too late to call it a race" },

    { RSTF_SCORER_BURST, "no burst", nothing, ABSTAIN, "no window-spaced RSTs around this one" },
    { RSTF_SCORER_BURST, "burst member", burst_member, MIDPATH, "is 1 window of 63 past the RST 0.005 ms before" },
    { RSTF_SCORER_BURST, "burst member, far apart", burst_member_late, ABSTAIN, "too far apart for one burst" },
    { RSTF_SCORER_BURST, "burst opened", burst_first, MIDPATH, "opened a burst: the next RST in the server's name, 0.004 ms later" },
    { RSTF_SCORER_BURST, "burst opened, far apart", burst_first_late, ABSTAIN, "20.0 ms later, steps by the window 63: too far apart" },

    { RSTF_SCORER_CHALLENGE, "no challenge", nothing, ABSTAIN, "no challenge ACK from the client" },
    { RSTF_SCORER_CHALLENGE, "challenged guess", challenged, MIDPATH, "the client challenged this RST (RFC 5961 challenge ACK 1.000 ms after)" },
    { RSTF_SCORER_CHALLENGE, "challenged own seq", challenged_own_seq, ABSTAIN, "is the server's own next seq" },
    { RSTF_SCORER_CHALLENGE, "challenge too late", challenged_late, ABSTAIN, "too late for a challenge ACK" },
    { RSTF_SCORER_CHALLENGE, "challenge too soon", challenged_too_soon, ABSTAIN, "before the RST could reach it" },
    { RSTF_SCORER_CHALLENGE, "challenge, no seq baseline", challenged_no_seq, ABSTAIN, "no sequence baseline" },

    { RSTF_SCORER_DIAG, "no payload", nothing, ABSTAIN, "the RST carries no data" },
    { RSTF_SCORER_DIAG, "diag timeout", diag_timeout, ABSTAIN, "reason 14 \"Connection timeout\" (a reason the draft gives middleboxes too)" },
    { RSTF_SCORER_DIAG, "diag abort", diag_abort, ABSTAIN, "reason 4 \"ABORT process\"; the sender's own claim" },
    { RSTF_SCORER_DIAG, "diag vendor", diag_vendor, ABSTAIN, "vendor reason 1234 (enterprise 32473)" },
    { RSTF_SCORER_DIAG, "diag malformed", diag_malformed, ABSTAIN, "malformed" },
    { RSTF_SCORER_DIAG, "diag truncated", diag_truncated, ABSTAIN, "cut short by the capture" },
    { RSTF_SCORER_DIAG, "diag foreign", diag_foreign, ABSTAIN, "carries 12 bytes that are no diagnostic payload" },
    { RSTF_SCORER_DIAG, "diag not inspected", diag_uninspected, ABSTAIN, "RST payload not inspected" },

    { RSTF_SCORER_TTL, "roles unknown", roles_unknown, ABSTAIN, "handshake not captured" },
    { RSTF_SCORER_TIMING, "roles unknown", roles_unknown, ABSTAIN, "handshake not captured" },
    { RSTF_SCORER_TTL, "disabled", disable_ttl, ABSTAIN, "scorer disabled" },
};

int main(void)
{
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const struct row *r = &rows[i];
        struct rstf_observation o;
        struct rstf_config cfg;
        struct rstf_verdict v;

        base_observation(&o, 4);
        rstf_config_default(&cfg);
        r->mutate(&o, &cfg);
        rstf_classify(&o, &cfg, &v);

        const struct rstf_vote *vote = &v.votes[r->scorer];
        CHECK(vote->origin == r->want, "[%s/%s] voted %s (%s), want %s",
              rstf_scorer_name(r->scorer), r->name, rstf_origin_name(vote->origin),
              vote->reason, rstf_origin_name(r->want));
        CHECK(strstr(vote->reason, r->reason) != NULL, "[%s/%s] reason \"%s\" lacks \"%s\"",
              rstf_scorer_name(r->scorer), r->name, vote->reason, r->reason);
        CHECK(strlen(vote->reason) < sizeof vote->reason - 1, "[%s/%s] reason cut short: \"%s\"",
              rstf_scorer_name(r->scorer), r->name, vote->reason);
        CHECK((vote->origin == ABSTAIN) == (vote->weight == 0.0),
              "[%s/%s] abstentions and only they weigh 0", rstf_scorer_name(r->scorer), r->name);

        /* Without the reasons' text, every number stays the same. */
        struct rstf_verdict t;
        rstf_classify_without_reasons(&o, &cfg, &t);
        CHECK(t.origin == v.origin && t.confidence == v.confidence &&
                  memcmp(t.score, v.score, sizeof t.score) == 0 &&
                  memcmp(&t.compared, &v.compared, sizeof t.compared) == 0,
              "[%s/%s] the verdict changed without reasons", rstf_scorer_name(r->scorer), r->name);
        CHECK(t.votes[r->scorer].origin == vote->origin && t.votes[r->scorer].weight == vote->weight &&
                  t.votes[r->scorer].reason[0] == '\0',
              "[%s/%s] the vote changed without reasons, or kept one", rstf_scorer_name(r->scorer),
              r->name);
    }
    return check_summary("scorers");
}
