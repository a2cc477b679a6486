# Shared shell functions for the sample backup/restore runbooks. Source it from a step:
#   source "$OPSBOOK_RUNBOOK_DIR/lib/backup.sh"
#
# Conventions every backup in these runbooks follows (so one restore procedure can trust any of them):
#   <dir>/<name>                the backup itself (dump, archive, snapshot), written as <name>.partial
#                               and renamed only when complete, so a crash never leaves a file that
#                               looks finished
#   <dir>/<name>.sha256         its SHA-256 in `sha256sum` format (verifiable with `sha256sum -c`)
#   <dir>/<name>.meta.json      metadata: time, origin, checksum, size, format, contents summary
# Backup names start with a prefix and a UTC timestamp (20261125T142233.123Z), so the newest backup
# is the last one in name order, whatever the file modification times say after a copy.
#
# Every function either succeeds or exits the step with a one-line "ERROR: ..." that says what is
# wrong and what to do; none of them prints secrets.

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*"; }

die() {
  printf 'ERROR: %s\n' "$*" >&2
  exit 1
}

# require_cmd CMD... : fail early, naming the missing tool, instead of failing halfway through.
require_cmd() {
  local cmd
  for cmd in "$@"; do
    command -v "$cmd" >/dev/null 2>&1 || die "'$cmd' is not installed or not on PATH (needed by this step)"
  done
}

# utc_stamp : a sortable UTC timestamp with milliseconds, used in backup names.
utc_stamp() { date -u +%Y%m%dT%H%M%S.%3NZ; }

# free_bytes DIR : bytes available to unprivileged writers on DIR's file system.
free_bytes() { df -B1 --output=avail "$1" | tail -1 | tr -d ' '; }

# sha256_write FILE : writes FILE.sha256 next to FILE and prints the hex digest.
sha256_write() {
  local file=$1 dir base digest
  dir=$(dirname "$file")
  base=$(basename "$file")
  digest=$(sha256sum "$file" | cut -d' ' -f1)
  printf '%s  %s\n' "$digest" "$base" >"$dir/$base.sha256"
  printf '%s\n' "$digest"
}

# sha256_verify FILE [EXPECTED] : checks FILE against FILE.sha256 (and against EXPECTED, e.g. the
# digest recorded in the metadata, when given). Exits the step on any mismatch.
sha256_verify() {
  local file=$1 expected=${2:-} recorded actual
  [ -f "$file" ] || die "backup file $file does not exist"
  [ -f "$file.sha256" ] || die "checksum file $file.sha256 is missing: the backup is incomplete, do not restore it"
  recorded=$(cut -d' ' -f1 "$file.sha256")
  actual=$(sha256sum "$file" | cut -d' ' -f1)
  if [ "$actual" != "$recorded" ]; then
    die "checksum mismatch for $file: recorded $recorded, actual $actual. The file is corrupt or was changed after the backup; pick another backup (parameter backup_name) and report this one"
  fi
  if [ -n "$expected" ] && [ "$expected" != "$recorded" ]; then
    die "checksum in $file.sha256 ($recorded) differs from the metadata ($expected): the sidecar files do not belong together"
  fi
  log "checksum OK: sha256 $actual  $(basename "$file")"
}

# resolve_backup DIR PREFIX NAME : prints the path of backup NAME in DIR, or of the newest backup
# whose name starts with PREFIX when NAME is "latest". A backup counts only with its .meta.json
# (written last), so a half-written backup is never picked.
resolve_backup() {
  local dir=$1 prefix=$2 name=$3 path="" meta
  [ -d "$dir" ] || die "backup directory $dir does not exist: run the Backup procedure first or set backup_dir"
  if [ "$name" = latest ]; then
    for meta in "$dir/$prefix"*.meta.json; do
      [ -f "$meta" ] && path=${meta%.meta.json} # the glob expands in name order: the last is the newest
    done
    [ -n "$path" ] || die "no backup named $prefix* in $dir: run the Backup procedure first"
  else
    path="$dir/$name"
  fi
  [ -f "$path" ] || die "backup $(basename "$path") not found in $dir (ls $dir to see what exists)"
  [ -f "$path.meta.json" ] || die "metadata $path.meta.json is missing: the backup is incomplete, do not restore it"
  printf '%s\n' "$path"
}

# publish_artifact META_JSON NAME : copies the metadata to $OPSBOOK_ARTIFACTS/NAME.json, where the
# engine picks it up for the run history. Outside the engine (variable unset) it only says so.
publish_artifact() {
  local meta=$1 name=$2
  if [ -z "${OPSBOOK_ARTIFACTS:-}" ]; then
    log "note: OPSBOOK_ARTIFACTS is not set (not run by the opsbook engine); metadata stays at $meta"
    return 0
  fi
  mkdir -p "$OPSBOOK_ARTIFACTS"
  cp "$meta" "$OPSBOOK_ARTIFACTS/$name.json"
  log "artifact metadata: $OPSBOOK_ARTIFACTS/$name.json"
}

# report_retention DIR GLOB DAYS : lists the backups in DIR matching GLOB that are older than DAYS days.
# Nothing is deleted here: the backup catalog prunes (`opsbook backups prune`, or the retention job of
# opsbook serve), audited, honouring retention locks and keeping catalog and files in step
# (docs/backups.md). A step that deleted catalogued files would make them "missing" to the integrity check.
report_retention() {
  local dir=$1 glob=$2 days=$3 due=0 old
  while IFS= read -r -d '' old; do
    log "past retention (${days}d): $(basename "$old"); opsbook backups prune deletes it"
    due=$((due + 1))
  done < <(find "$dir" -maxdepth 1 -type f -name "$glob" -mtime +"$days" -print0)
  log "retention: $due backup(s) older than $days days; deleting them is left to opsbook backups prune"
}

# The samples' sandboxes (lib/sandbox.sh): relative path parameters live under $OPSBOOK_SANDBOX.
source "$(dirname "${BASH_SOURCE[0]}")/sandbox.sh"
sandbox_paths BACKUP_DIR SCRATCH_DIR UPLOADS_DIR RESTORE_DIR STATE_DIR
