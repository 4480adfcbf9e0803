//! `uzel backup --store postgres://… --to DEST` and `uzel restore --from
//! BACKUP --store postgres://…`: a log on PostgreSQL is copied by
//! PostgreSQL's own tools — `pg_dump` in its custom format (one consistent
//! snapshot, also while nodes write), `pg_restore` into an empty database
//! in one transaction — and the restored log is read whole and checked
//! (`uzel check`) before the command says it is done. A password in the
//! address goes to the tools in `PGPASSWORD`, never on a command line.

use std::path::Path;
use std::process::Command;

use crate::store::Store;

/// The dump's file name in a backup directory.
pub const DUMP: &str = "uzel.pgdump";

/// Dumps the database at `url` into the new or empty directory `to`.
pub fn backup(url: &str, to: &Path) -> Result<(), String> {
    if to.exists() && to.read_dir().map(|mut d| d.next().is_some()).unwrap_or(true) {
        return Err(format!("{} holds files; a backup goes into a new or empty directory", to.display()));
    }
    let head = head(url)?.ok_or("the database holds no uzel log: nothing to back up")?;
    std::fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    let file = to.join(DUMP);
    tool("pg_dump", url, &["--format=custom", "--no-owner", &format!("--file={}", file.display())])?;
    // The archive reads back (its table of contents).
    let listed = Command::new("pg_restore")
        .arg("--list")
        .arg(&file)
        .output()
        .map_err(|e| format!("cannot run pg_restore to read the dump back: {e}"))?;
    if !listed.status.success() {
        return Err(format!("the dump does not read back: {}", String::from_utf8_lossy(&listed.stderr).trim()));
    }
    let bytes = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    println!(
        "backup of the PostgreSQL log (position {head} at least) written to {} ({bytes} bytes); \
         restore it with `uzel restore --from {} --store postgres://…` into an empty database",
        file.display(),
        to.display()
    );
    Ok(())
}

/// Restores the backup `from` into the empty database at `url`, then
/// checks the log there.
pub fn restore(from: &Path, url: &str) -> Result<(), String> {
    let file = from.join(DUMP);
    if !file.is_file() {
        return Err(format!(
            "{} is not a backup of a PostgreSQL log (it has no {DUMP}); a directory's backup is restored with --data",
            from.display()
        ));
    }
    if head(url)?.is_some() {
        return Err(
            "the database holds a uzel log already; a restore never overwrites: restore into an empty database \
             (createdb NAME) and point the nodes at it"
                .into(),
        );
    }
    tool("pg_restore", url, &["--exit-on-error", "--single-transaction", "--no-owner", &file.display().to_string()])?;
    super::check::run(&Store::Postgres(url.to_owned()))
        .map_err(|e| format!("restored, but the log does not check: {e}"))?;
    println!(
        "restored {} into the database; start the nodes on it. Contact persons erased in the backup's log stay \
         erased; erase again any erased after the backup was made (docs/operations.md)",
        from.display()
    );
    Ok(())
}

/// The last position of the uzel log in the database at `url`; `None` if
/// it holds none.
fn head(url: &str) -> Result<Option<i64>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await.map_err(|e| {
            match std::error::Error::source(&e) {
                Some(cause) => format!("cannot reach PostgreSQL at the address given: {e}: {cause}"),
                None => format!("cannot reach PostgreSQL at the address given: {e}"),
            }
        })?;
        tokio::spawn(connection);
        let held: bool =
            client.query_one("SELECT to_regclass('events') IS NOT NULL", &[]).await.map_err(|e| e.to_string())?.get(0);
        if !held {
            return Ok(None);
        }
        let row = client.query_one("SELECT coalesce(max(position), 0) FROM events", &[]).await;
        Ok(Some(row.map_err(|e| e.to_string())?.get(0)))
    })
}

/// Runs PostgreSQL's `program` on the database at `url` with `args`.
fn tool(program: &str, url: &str, args: &[&str]) -> Result<(), String> {
    let (address, password) = without_password(url)?;
    let mut command = Command::new(program);
    command.args(args).arg(format!("--dbname={address}"));
    if let Some(password) = password {
        command.env("PGPASSWORD", password);
    }
    let output = command.output().map_err(|e| {
        format!(
            "cannot run {program} ({e}); it comes with PostgreSQL's client programs (apt-get install postgresql-client)"
        )
    })?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("{program} failed: {}", String::from_utf8_lossy(&output.stderr).trim()))
    }
}

/// The address without its password, and the password (for `PGPASSWORD`).
fn without_password(url: &str) -> Result<(String, Option<String>), String> {
    let config: tokio_postgres::Config = url.parse().map_err(|e| format!("not a PostgreSQL address: {e}"))?;
    let password = config.get_password().map(|p| String::from_utf8_lossy(p).into_owned());
    let Some((scheme, rest)) = url.split_once("://") else { return Ok((url.to_owned(), password)) };
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let authority = match authority.rsplit_once('@') {
        Some((user, host)) => format!("{}@{host}", user.split(':').next().unwrap_or(user)),
        None => authority.to_owned(),
    };
    Ok((format!("{scheme}://{authority}{tail}"), password))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_leaves_the_address_for_the_environment() {
        let (address, password) =
            without_password("postgres://uzel:tajn%C3%A9@db.example:5432/uzel?sslmode=disable").unwrap();
        assert_eq!(address, "postgres://uzel@db.example:5432/uzel?sslmode=disable");
        assert_eq!(password.as_deref(), Some("tajné"));
        let (address, password) = without_password("postgres://uzel@/uzel?host=/run/postgresql").unwrap();
        assert_eq!(address, "postgres://uzel@/uzel?host=/run/postgresql");
        assert_eq!(password, None);
    }
}
