# Scenarios for runbooks/uploads-store.md, sourced by run-samples.sh. Everything lives under $TMP.
uploads_params=(UPLOADS_DIR="$TMP/uploads" BACKUP_DIR="$TMP/backups/uploads" RESTORE_DIR="$TMP/uploads-restore")

uploads_happy_path() {
  run_procedure uploads-store seed "${uploads_params[@]}"
  run_procedure uploads-store seed "${uploads_params[@]}"
  check "seed created 27 files (twice: still 27)" [ "$(find "$TMP/uploads" -type f | wc -l)" = 27 ]
  run_procedure uploads-store backup "${uploads_params[@]}"
  local archive
  archive=$(cat "$RUN_DIR/work/backup.path")
  check "archive, manifest, .sha256, .meta.json exist" test -s "$archive" -a -s "$archive.manifest" -a -s "$archive.sha256" -a -s "$archive.meta.json"
  check "manifest has one line per file" [ "$(wc -l <"$archive.manifest")" = 27 ]
  check "metadata published as an artifact" cmp "$archive.meta.json" "$RUN_DIR/artifacts/uploads-store-backup.json"
  run_procedure uploads-store restore "${uploads_params[@]}"
  check "restored tree equals the live tree" diff -r "$TMP/uploads" "$TMP/uploads-restore"
  check "restore check artifact written" jq -e '.all_checksums_ok and .files == 27' "$RUN_DIR/artifacts/uploads-store-restore-check.json"
  run_procedure uploads-store restore "${uploads_params[@]}"
  say "    restoring again over an earlier restore works (idempotent)"
  run_procedure uploads-store clean-up "${uploads_params[@]}"
  check "clean-up removed the restore directory and its marker" test ! -e "$TMP/uploads-restore" -a ! -e "$TMP/uploads-restore.opsbook-restore.json"
}

uploads_tampered_restore() {
  HOOK_BEFORE=validate-restore HOOK_CMD="printf x >>'$TMP/uploads-restore/avatars/user-3.txt'" \
    expect_fail 'user-3.txt: FAILED|do not match the manifest' \
    run_procedure uploads-store restore "${uploads_params[@]}"
  check "the rollback removed the restore directory" test ! -e "$TMP/uploads-restore"
}

uploads_refuses_foreign_dir() {
  mkdir -p "$TMP/not-a-restore" && echo keep >"$TMP/not-a-restore/important.txt"
  expect_fail 'not empty and was not created by a restore' \
    run_procedure uploads-store restore "${uploads_params[@]}" RESTORE_DIR="$TMP/not-a-restore"
  check "the foreign directory is untouched" grep -qx keep "$TMP/not-a-restore/important.txt"
}

uploads_retention() {
  local old="$TMP/backups/uploads/uploads-20200101T000000.000Z.tar.gz" f
  for f in "" .sha256 .manifest .meta.json; do
    echo stale >"$old$f" && touch -d '200 days ago' "$old$f"
  done
  run_procedure uploads-store backup "${uploads_params[@]}" RETENTION_DAYS=90
  check "an archive older than retention_days is reported" grep -q "past retention (90d): $(basename "$old")" "$RUN_LOG"
  check "and left to the catalog's retention (not deleted by the step)" test -e "$old" -a -e "$old.meta.json"
  check "recent archives were kept" [ "$(ls "$TMP/backups/uploads"/*.tar.gz | wc -l)" -ge 2 ]
}

uploads_corrupt_archive() {
  run_procedure uploads-store backup "${uploads_params[@]}"
  local archive
  archive=$(cat "$RUN_DIR/work/backup.path")
  printf 'garbage' | dd of="$archive" bs=1 seek=100 conv=notrunc status=none
  expect_fail 'checksum mismatch' run_procedure uploads-store restore "${uploads_params[@]}"
  check "nothing was restored" test ! -e "$TMP/uploads-restore"
}

if ! command -v jq >/dev/null || ! tar --sort=name --version >/dev/null 2>&1; then
  skip "uploads-store" "jq and GNU tar with --sort"
else
  scenario "uploads-store: seed twice, archive, verify, restore twice, clean up" uploads_happy_path
  scenario "uploads-store: a restored file that differs is caught, rollback removes the restore" uploads_tampered_restore
  scenario "uploads-store: restore refuses a non-empty directory it did not create" uploads_refuses_foreign_dir
  scenario "uploads-store: a corrupt archive is refused before unpacking" uploads_corrupt_archive
  scenario "uploads-store: backups past retention are reported for the catalog to prune, recent ones kept" uploads_retention
fi
