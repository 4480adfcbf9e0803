//! A fresh PostgreSQL database for a bench run.

/// Creates a database and returns its address: `template` is a
/// `postgres://` address with `{db}` where the database's name goes (the
/// `postgres` database is used to create it).
pub async fn fresh_database(template: &str) -> String {
    let admin = template.replace("{db}", "postgres");
    let (client, connection) =
        tokio_postgres::connect(&admin, tokio_postgres::NoTls).await.expect("the bench's PostgreSQL answers");
    tokio::spawn(connection);
    let name = format!("bench_{}", uuid::Uuid::now_v7().simple());
    client.batch_execute(&format!("CREATE DATABASE {name}")).await.expect("CREATE DATABASE");
    template.replace("{db}", &name)
}
