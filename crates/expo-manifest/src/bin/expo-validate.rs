//! `expo-validate`: checks exhibition manifests before they are published.
//!
//! Exit status: 0 when no file has errors (warnings are allowed), 1 when any file has errors,
//! 2 on a usage error or when a file cannot be read.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use expo_manifest::{Lang, Problem, Severity};
use serde::Serialize;

const HELP: &str = "\
expo-validate: check exhibition manifests (manifest.json) before publishing.
expo-validate：发布前检查展览清单文件（manifest.json）。

Usage / 用法:
  expo-validate [--lang zh|en] [--json] FILE...
  expo-validate --schema
  expo-validate --help

Options / 选项:
  --lang zh|en  Language of the messages. Default: en when the LANG environment
                variable starts with \"en\", otherwise zh.
                消息语言。默认：环境变量 LANG 以 \"en\" 开头时为英文，否则为中文。
  --json        Print the problems as one JSON array instead of text lines.
                以一个 JSON 数组输出问题，而不是逐行文本。
  --schema      Print the JSON Schema of the manifest and exit.
                输出展览清单的 JSON Schema 后退出。
  -h, --help    Print this help and exit. / 显示本帮助后退出。

A FILE of \"-\" reads the manifest from standard input.
文件名为 \"-\" 时从标准输入读取展览清单。

Each problem is printed as FILE: PATH: SEVERITY: MESSAGE, where PATH is a JSON path
such as $.booths[3].model.url, followed by a summary line.
每个问题输出为 文件: 路径: 级别: 说明，路径是 JSON 路径（如 $.booths[3].model.url），最后一行是汇总。

Exit status / 退出码:
  0  no errors (warnings allowed) / 没有错误（可以有警告）
  1  at least one file has errors / 至少一个文件有错误
  2  usage error or unreadable file / 用法错误或文件无法读取
";

const EXIT_ERRORS: u8 = 1;
const EXIT_USAGE: u8 = 2;

struct Options {
    lang: Lang,
    json: bool,
    files: Vec<PathBuf>,
    /// Files named after `--`, where `-` is a file name rather than standard input.
    files_after_double_dash: Vec<PathBuf>,
}

enum Command {
    Validate(Options),
    Schema,
    Help,
}

fn main() -> ExitCode {
    let default_lang = std::env::var("LANG")
        .ok()
        .filter(|value| value.starts_with("en"))
        .map_or(Lang::Zh, |_| Lang::En);
    // Usage errors are reported in the language that `--lang` asks for, even when the error
    // comes before `--lang` on the command line.
    let env_lang = requested_lang(std::env::args_os().skip(1)).unwrap_or(default_lang);
    match parse_args(std::env::args_os().skip(1), env_lang) {
        Ok(Command::Help) => {
            print!("{HELP}");
            ExitCode::SUCCESS
        }
        Ok(Command::Schema) => {
            print!("{}", expo_manifest::schema_json());
            ExitCode::SUCCESS
        }
        Ok(Command::Validate(options)) => validate_files(&options),
        Err(message) => {
            eprintln!("expo-validate: {message}");
            eprintln!(
                "{}",
                localized(
                    env_lang,
                    "运行 expo-validate --help 查看用法。",
                    "Run expo-validate --help for usage."
                )
            );
            ExitCode::from(EXIT_USAGE)
        }
    }
}

fn parse_args(args: impl Iterator<Item = OsString>, env_lang: Lang) -> Result<Command, String> {
    let mut options = Options {
        lang: env_lang,
        json: false,
        files: Vec::new(),
        files_after_double_dash: Vec::new(),
    };
    let mut schema = false;
    let mut args = args;
    let mut options_ended = false;

    while let Some(arg) = args.next() {
        // File names need not be UTF-8; options always are.
        let text = arg.to_string_lossy().into_owned();
        if options_ended {
            options.files_after_double_dash.push(PathBuf::from(&arg));
        }
        if options_ended || !text.starts_with('-') || text == "-" {
            options.files.push(PathBuf::from(arg));
            continue;
        }
        match text.as_str() {
            "--" => options_ended = true,
            "-h" | "--help" => return Ok(Command::Help),
            "--json" => options.json = true,
            "--schema" => schema = true,
            "--lang" => {
                let value = args.next().ok_or_else(|| {
                    localized(
                        env_lang,
                        "--lang 需要一个值：zh 或 en。",
                        "--lang needs a value: zh or en.",
                    )
                })?;
                options.lang = parse_lang(&value.to_string_lossy(), env_lang)?;
            }
            other => match other.strip_prefix("--lang=") {
                Some(value) => options.lang = parse_lang(value, env_lang)?,
                None => {
                    return Err(localized(
                        env_lang,
                        &format!("未知选项 “{other}”。"),
                        &format!("Unknown option \"{other}\"."),
                    ));
                }
            },
        }
    }

    if schema {
        return Ok(Command::Schema);
    }
    if options.files.is_empty() {
        return Err(localized(
            options.lang,
            "缺少要检查的文件，例如：expo-validate scenes/guangxi-2022/manifest.json",
            "No file to check given, for example: expo-validate scenes/guangxi-2022/manifest.json",
        ));
    }
    Ok(Command::Validate(options))
}

/// Returns the valid value of the first `--lang` option, looking only at arguments before `--`.
fn requested_lang(args: impl Iterator<Item = OsString>) -> Option<Lang> {
    let args: Vec<String> = args
        .map(|arg| arg.to_string_lossy().into_owned())
        .take_while(|arg| arg != "--")
        .collect();
    args.iter().enumerate().find_map(|(i, arg)| {
        let value = match arg.strip_prefix("--lang=") {
            Some(value) => value,
            None if arg == "--lang" => args.get(i + 1)?,
            None => return None,
        };
        parse_lang(value, Lang::Zh).ok()
    })
}

fn parse_lang(value: &str, env_lang: Lang) -> Result<Lang, String> {
    match value {
        "zh" => Ok(Lang::Zh),
        "en" => Ok(Lang::En),
        _ => Err(localized(
            env_lang,
            &format!("--lang 的值 “{value}” 无效，请使用 zh 或 en。"),
            &format!("Invalid --lang value \"{value}\"; use zh or en."),
        )),
    }
}

fn localized(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh.to_owned(),
        Lang::En => en.to_owned(),
    }
}

/// One problem in `--json` output.
#[derive(Serialize)]
struct JsonProblem<'a> {
    file: &'a str,
    severity: Severity,
    path: &'a str,
    message: String,
    /// The problem kind's `code` and values, as `expo_manifest::ProblemKind` serializes them.
    kind: &'a expo_manifest::ProblemKind,
}

/// Problems of one readable file, with the file name as given on the command line.
struct FileReport {
    file: String,
    problems: Vec<Problem>,
}

fn validate_files(options: &Options) -> ExitCode {
    let lang = options.lang;
    let mut reports = Vec::new();
    let mut unreadable = 0;

    for path in &options.files {
        let file = path.display().to_string();
        let read = if path.as_os_str() == "-" && !options.files_after_double_dash.contains(path) {
            read_stdin()
        } else {
            std::fs::read(path)
        };
        let bytes = match read {
            Ok(bytes) => bytes,
            Err(error) => {
                let message = localized(
                    lang,
                    &format!("{file}: 错误: 无法读取文件：{error}"),
                    &format!("{file}: error: cannot read the file: {error}"),
                );
                eprintln!("{message}");
                unreadable += 1;
                continue;
            }
        };
        let report = expo_manifest::parse(&bytes);
        if !options.json {
            print_problems(&file, &report.problems, lang);
        }
        reports.push(FileReport {
            file,
            problems: report.problems,
        });
    }

    let all_problems = || reports.iter().flat_map(|report| &report.problems);
    let errors = all_problems()
        .filter(|problem| problem.severity == Severity::Error)
        .count();
    let warnings = all_problems()
        .filter(|problem| problem.severity == Severity::Warning)
        .count();
    let summary = summary_line(lang, options.files.len(), errors, warnings, unreadable);
    if options.json {
        print_json(&reports, lang);
        eprintln!("{summary}");
    } else {
        println!("{summary}");
    }

    if unreadable > 0 {
        ExitCode::from(EXIT_USAGE)
    } else if errors > 0 {
        ExitCode::from(EXIT_ERRORS)
    } else {
        ExitCode::SUCCESS
    }
}

fn read_stdin() -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)?;
    Ok(bytes)
}

fn print_problems(file: &str, problems: &[Problem], lang: Lang) {
    for problem in problems {
        let severity = problem.severity.label(lang);
        println!(
            "{file}: {}: {severity}: {}",
            problem.path,
            problem.message(lang)
        );
    }
}

fn print_json(reports: &[FileReport], lang: Lang) {
    let mut problems = Vec::new();
    for report in reports {
        for problem in &report.problems {
            problems.push(JsonProblem {
                file: &report.file,
                severity: problem.severity,
                path: &problem.path,
                message: problem.message(lang),
                kind: &problem.kind,
            });
        }
    }
    let json = serde_json::to_string_pretty(&problems).expect("problems always serialize");
    println!("{json}");
}

fn summary_line(
    lang: Lang,
    files: usize,
    errors: usize,
    warnings: usize,
    unreadable: usize,
) -> String {
    match lang {
        Lang::Zh => {
            let mut line = format!("共检查 {files} 个文件：{errors} 个错误，{warnings} 个警告");
            if unreadable > 0 {
                line.push_str(&format!("，{unreadable} 个文件无法读取"));
            }
            line.push('。');
            line
        }
        Lang::En => {
            let plural = |count: usize, word: &str| {
                format!("{count} {word}{}", if count == 1 { "" } else { "s" })
            };
            let mut line = format!(
                "Checked {}: {}, {}",
                plural(files, "file"),
                plural(errors, "error"),
                plural(warnings, "warning")
            );
            if unreadable > 0 {
                line.push_str(&format!(", {} unreadable", plural(unreadable, "file")));
            }
            line.push('.');
            line
        }
    }
}
