#!/bin/sh
# Regenerates reports/examples/: every real IUT this machine has (the simulator over IMAP and
# NMS, Dovecot as shipped and with notifications left out of its ICS, mbsync, the reference
# client over IMAP and NMS), each under both readings of the clause registry, then
# `cpmct compare`. The runs go to reports/examples/runs/ (large, not committed); the
# implementation report links into them. About 4 minutes on 2 cores; needs dovecot-imapd and
# isync (apt-get install -y dovecot-imapd isync).
set -u
cd "$(dirname "$0")/.."
runs=reports/examples/runs
for set in latest SD-COPY; do
  for profile in profiles/reference-imap.yaml profiles/reference-nms.yaml \
    profiles/reference-client-imap.yaml profiles/reference-client-nms.yaml \
    profiles/mbsync.yaml profiles/dovecot.yaml \
    reports/examples/profiles/dovecot-no-notify-claim.yaml; do
    name=$(basename "$profile" .yaml)
    node bin/cpmct.js run --profile "$profile" --clause-set "$set" \
      --out "$runs/$name-$set" --format json,html,md --reporter dot >/dev/null
    echo "$name ($set): exit $?"
  done
done
node bin/cpmct.js compare "$runs"/*-latest "$runs"/*-SD-COPY --out reports/examples
