//! Test harness: a fresh database per test (a SQLite file or a new PostgreSQL database), the
//! real `expo-service` binary on 127.0.0.1 with a free port, and request helpers.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::str::FromStr;
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::{AssertSqlSafe, Row};

pub const BINARY: &str = env!("CARGO_BIN_EXE_expo-service");
pub const EXHIBITION: &str = "guangxi-2022";
/// Booths of the bundled manifest that offer online negotiation, with one of their topics.
pub const BOOTH_A: &str = "liugong-machinery";
pub const TOPIC_A: &str = "技术合作";
pub const BOOTH_B: &str = "yuchai-powertrains";
pub const TOPIC_B: &str = "成果转化";

const POSTGRES_URL_VARIABLE: &str = "EXPO_TEST_POSTGRES_URL";
const SKIP_POSTGRES_VARIABLE: &str = "EXPO_SKIP_POSTGRES";

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn manifest_path() -> PathBuf {
    repo_root().join("scenes/guangxi-2022/manifest.json")
}

#[derive(Debug, Clone)]
pub enum Backend {
    Sqlite,
    /// The URL of a PostgreSQL server where the tests may create databases.
    Postgres(String),
}

impl Backend {
    /// Returns the PostgreSQL server from EXPO_TEST_POSTGRES_URL. Without it the test fails,
    /// unless EXPO_SKIP_POSTGRES=1 is set to skip PostgreSQL on purpose.
    pub fn postgres() -> Option<Backend> {
        match std::env::var(POSTGRES_URL_VARIABLE) {
            Ok(url) if !url.is_empty() => Some(Backend::Postgres(url)),
            _ if std::env::var(SKIP_POSTGRES_VARIABLE).as_deref() == Ok("1") => {
                eprintln!("skipped: {SKIP_POSTGRES_VARIABLE}=1 is set");
                None
            }
            _ => panic!(
                "{POSTGRES_URL_VARIABLE} is not set, so the PostgreSQL tests cannot run. Start a \
                 throwaway server and run the tests with `scripts/postgres.sh cargo test -p expo-service`, \
                 or set {SKIP_POSTGRES_VARIABLE}=1 to skip them on purpose."
            ),
        }
    }
}

/// An empty database for one test, removed when dropped.
pub struct TestDb {
    pub url: String,
    pub backend: Backend,
    temp_dir: PathBuf,
    postgres_name: Option<String>,
}

impl TestDb {
    pub async fn create(backend: &Backend) -> TestDb {
        let temp_dir =
            std::env::temp_dir().join(format!("expo-service-test-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&temp_dir).unwrap();
        match backend {
            Backend::Sqlite => TestDb {
                url: format!("sqlite://{}", temp_dir.join("test.db").display()),
                backend: backend.clone(),
                temp_dir,
                postgres_name: None,
            },
            Backend::Postgres(server_url) => {
                let name = format!("expo_test_{}", uuid::Uuid::new_v4().simple());
                let admin = PgPoolOptions::new()
                    .max_connections(1)
                    .connect(server_url)
                    .await
                    .unwrap_or_else(|error| {
                        panic!("cannot connect to {POSTGRES_URL_VARIABLE}: {error}")
                    });
                sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&admin)
                    .await
                    .expect("CREATE DATABASE");
                admin.close().await;
                TestDb {
                    url: with_database_name(server_url, &name),
                    backend: backend.clone(),
                    temp_dir,
                    postgres_name: Some(name),
                }
            }
        }
    }

    pub fn temp_dir(&self) -> &Path {
        &self.temp_dir
    }

    /// Runs a query that returns one integer, directly on the database.
    pub async fn scalar(&self, sql: &str) -> i64 {
        self.rows_of_text_or_int(sql).await[0].parse().unwrap()
    }

    /// Returns the first column of every row as text.
    pub async fn column(&self, sql: &str) -> Vec<String> {
        self.rows_of_text_or_int(sql).await
    }

    /// Runs a statement directly on the database.
    pub async fn execute(&self, sql: &str) {
        match &self.backend {
            Backend::Sqlite => {
                let pool = SqlitePoolOptions::new()
                    .max_connections(1)
                    .connect_with(SqliteConnectOptions::from_str(&self.url).unwrap())
                    .await
                    .unwrap();
                sqlx::query(AssertSqlSafe(sql.to_owned()))
                    .execute(&pool)
                    .await
                    .unwrap();
                pool.close().await;
            }
            Backend::Postgres(_) => {
                let pool = PgPoolOptions::new()
                    .max_connections(1)
                    .connect_with(PgConnectOptions::from_str(&self.url).unwrap())
                    .await
                    .unwrap();
                sqlx::query(AssertSqlSafe(sql.to_owned()))
                    .execute(&pool)
                    .await
                    .unwrap();
                pool.close().await;
            }
        }
    }

    async fn rows_of_text_or_int(&self, sql: &str) -> Vec<String> {
        fn cell<R: Row>(row: &R) -> String
        where
            for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
            for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
            usize: sqlx::ColumnIndex<R>,
        {
            row.try_get::<i64, _>(0usize)
                .map(|value| value.to_string())
                .or_else(|_| row.try_get::<String, _>(0usize))
                .unwrap()
        }
        match &self.backend {
            Backend::Sqlite => {
                let pool = SqlitePoolOptions::new()
                    .max_connections(1)
                    .connect_with(SqliteConnectOptions::from_str(&self.url).unwrap())
                    .await
                    .unwrap();
                let rows = sqlx::query(AssertSqlSafe(sql.to_owned()))
                    .fetch_all(&pool)
                    .await
                    .unwrap();
                pool.close().await;
                rows.iter().map(cell).collect()
            }
            Backend::Postgres(_) => {
                let pool = PgPoolOptions::new()
                    .max_connections(1)
                    .connect_with(PgConnectOptions::from_str(&self.url).unwrap())
                    .await
                    .unwrap();
                let rows = sqlx::query(AssertSqlSafe(sql.to_owned()))
                    .fetch_all(&pool)
                    .await
                    .unwrap();
                pool.close().await;
                rows.iter().map(cell).collect()
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.temp_dir);
        let (Some(name), Backend::Postgres(server_url)) =
            (self.postgres_name.take(), &self.backend)
        else {
            return;
        };
        let server_url = server_url.clone();
        // Drop runs inside the test's runtime, which cannot block on a future, so the
        // database is dropped from a thread with its own runtime.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                let admin = PgPoolOptions::new()
                    .max_connections(1)
                    .connect(&server_url)
                    .await?;
                sqlx::query(AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                )))
                .execute(&admin)
                .await?;
                admin.close().await;
                Ok::<_, sqlx::Error>(())
            })
        })
        .join();
        if let Ok(Err(error)) = dropped {
            eprintln!("could not drop the test database: {error}");
        }
    }
}

fn with_database_name(server_url: &str, name: &str) -> String {
    let (base, query) = server_url
        .split_once('?')
        .map_or((server_url, None), |(base, query)| (base, Some(query)));
    let authority_start = base.find("://").map_or(0, |index| index + 3);
    let path_start = base[authority_start..]
        .find('/')
        .map_or(base.len(), |index| authority_start + index);
    let mut url = format!("{}/{name}", &base[..path_start]);
    if let Some(query) = query {
        url.push('?');
        url.push_str(query);
    }
    url
}

/// A running `expo-service` process, killed with SIGKILL when dropped.
pub struct Service {
    child: Child,
    pub url: String,
    pub client: reqwest::Client,
}

/// Command-line options for a test service; each test may override the defaults.
pub struct Options(BTreeMap<&'static str, Option<String>>);

impl Default for Options {
    /// Rate limits high enough for the load tests.
    fn default() -> Options {
        let mut options = BTreeMap::new();
        options.insert("--negotiation-rate-per-minute", Some("1000000".into()));
        options.insert("--negotiation-burst", Some("1000000".into()));
        options.insert("--events-rate-per-minute", Some("1000000".into()));
        options.insert("--events-burst", Some("1000000".into()));
        Options(options)
    }
}

impl Options {
    pub fn set(mut self, name: &'static str, value: impl Into<String>) -> Options {
        self.0.insert(name, Some(value.into()));
        self
    }
}

impl Service {
    pub async fn start(db: &TestDb) -> Service {
        Service::start_with(db, Options::default()).await
    }

    pub async fn start_with(db: &TestDb, options: Options) -> Service {
        let mut command = Command::new(BINARY);
        command
            .arg("--listen")
            .arg("127.0.0.1:0")
            .arg("--database")
            .arg(&db.url)
            .arg("--manifest")
            .arg(manifest_path())
            .arg("--database-max-connections")
            .arg("8");
        for (name, value) in &options.0 {
            command.arg(name);
            if let Some(value) = value {
                command.arg(value);
            }
        }
        clear_service_environment(&mut command);
        command
            .env("RUST_LOG", "warn,expo_service=info")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());

        let mut child = command.spawn().expect("start expo-service");
        let stderr = child.stderr.take().unwrap();
        let (address_sender, address_receiver) = mpsc::channel();
        // The thread forwards the service's log to the test output (shown for failed tests)
        // and reports the port from the "listening on" line.
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if let Some(rest) = line.split("listening on ").nth(1) {
                    let _ = address_sender.send(rest.trim().trim_end_matches('/').to_owned());
                }
                eprintln!("[service] {line}");
            }
        });

        let url = tokio::task::spawn_blocking(move || address_receiver.recv_timeout(Duration::from_secs(30)))
            .await
            .unwrap()
            .unwrap_or_else(|_| {
                let status = child.try_wait();
                panic!("expo-service did not report its address within 30 s (exit status: {status:?}); see its log above")
            });
        Service {
            child,
            url,
            client: client(),
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Kills the process with SIGKILL and waits for it.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub fn endpoint(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    /// Sends a negotiation request and returns the status and JSON body.
    pub async fn negotiate(&self, key: &str, body: &Value) -> (u16, Value) {
        self.negotiate_raw(key, body.to_string()).await
    }

    /// Sends a negotiation request body as given.
    pub async fn negotiate_raw(&self, key: &str, body: String) -> (u16, Value) {
        let response = self
            .client
            .post(self.endpoint("/api/negotiations"))
            .header("content-type", "application/json")
            .header("idempotency-key", key)
            .body(body)
            .send()
            .await
            .expect("send the negotiation request");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Sends a GET with a bearer token and returns the status and JSON body.
    pub async fn get_json(&self, path: &str, token: &str) -> (u16, Value) {
        let response = self
            .client
            .get(self.endpoint(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("send the GET request");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Sends a GET with a bearer token and returns the status and raw body.
    pub async fn get_bytes(&self, path: &str, token: &str) -> (u16, Vec<u8>) {
        let response = self
            .client
            .get(self.endpoint(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("send the GET request");
        let status = response.status().as_u16();
        (status, response.bytes().await.unwrap().to_vec())
    }

    pub async fn send_events(&self, body: &Value) -> (u16, Value) {
        let response = self
            .client
            .post(self.endpoint("/api/events"))
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .expect("send the events");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Keeps the developer's EXPO_* settings from reaching the service under test.
fn clear_service_environment(command: &mut Command) {
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("EXPO_") {
            command.env_remove(name);
        }
    }
}

/// Builds an HTTP client that never uses a proxy, so requests stay on 127.0.0.1.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

/// Creates a token with `expo-service token create` and returns it.
pub fn create_token(db: &TestDb, args: &[&str]) -> String {
    let mut command = Command::new(BINARY);
    command
        .args(["token", "create", "--database", &db.url, "--manifest"])
        .arg(manifest_path())
        .args(args);
    clear_service_environment(&mut command);
    let output = command.output().expect("run expo-service token create");
    assert!(
        output.status.success(),
        "token create {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

/// Runs an `expo-service token ...` command and returns its exit status and standard error.
pub fn token_command(db: &TestDb, args: &[&str]) -> (bool, String) {
    let mut command = Command::new(BINARY);
    command
        .arg("token")
        .args(args)
        .args(["--database", &db.url, "--manifest"])
        .arg(manifest_path());
    clear_service_environment(&mut command);
    let output = command.output().expect("run expo-service token");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

pub fn new_key() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Returns a valid negotiation request body for `booth`.
pub fn negotiation_body(booth: &str, topic: &str, name: &str) -> Value {
    json!({
        "exhibition": EXHIBITION,
        "booth": booth,
        "name": name,
        "organization": "广西某科技有限公司",
        "phone": "+86 138-0013-8000",
        "email": "zhang.san@example.cn",
        "topic": topic,
        "message": "希望了解技术合作方式。\n请联系我。",
        "time_slot": "2022-05-23 上午",
        "consent": true,
        "lang": "zh",
        "created_at": "2022-05-21T10:00:00.000Z"
    })
}

/// Returns every receipt the organizer token lists, following the pages.
pub async fn list_all_receipts(service: &Service, token: &str) -> Vec<String> {
    let mut receipts = Vec::new();
    let mut before: Option<i64> = None;
    loop {
        let path = match before {
            None => "/api/inbox/negotiations?limit=500".to_owned(),
            Some(cursor) => format!("/api/inbox/negotiations?limit=500&before={cursor}"),
        };
        let (status, body) = service.get_json(&path, token).await;
        assert_eq!(status, 200, "{body}");
        for request in body["requests"].as_array().unwrap() {
            receipts.push(request["receipt"].as_str().unwrap().to_owned());
        }
        match body["next_before"].as_i64() {
            Some(cursor) => before = Some(cursor),
            None => return receipts,
        }
    }
}

/// Declares each listed test once per backend: `sqlite::NAME` and `postgres::NAME`.
#[macro_export]
macro_rules! backend_tests {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::harness::Backend::Sqlite).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if let Some(backend) = $crate::harness::Backend::postgres() {
                        super::$name(backend).await;
                    }
                }
            )*
        }
    };
}

#[test]
fn database_name_replaces_path() {
    assert_eq!(
        with_database_name("postgres://expo:pw@127.0.0.1:5432/postgres", "expo_test_1"),
        "postgres://expo:pw@127.0.0.1:5432/expo_test_1"
    );
    assert_eq!(
        with_database_name("postgres://expo@db?sslmode=disable", "expo_test_1"),
        "postgres://expo@db/expo_test_1?sslmode=disable"
    );
}
