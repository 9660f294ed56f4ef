//! `-v`: what a problem report needs from a run, on standard error only.

mod common;
use common::{roundtable, stderr, stdout};

#[test]
fn verbose_names_the_version_and_library_and_leaves_stdout_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib.sqlite");
    let quiet = roundtable(&lib, &["list", "--json"]);
    let loud = roundtable(&lib, &["-v", "list", "--json"]);
    assert_eq!(
        stdout(&loud),
        stdout(&quiet),
        "stdout stays machine-readable"
    );
    assert_eq!(stderr(&quiet), "");
    let said = stderr(&loud);
    assert!(
        said.contains(concat!("roundtable ", env!("CARGO_PKG_VERSION"))),
        "{said}"
    );
    assert!(said.contains(&lib.display().to_string()), "{said}");
    assert!(said.contains("done in "), "{said}");
}

#[test]
fn verbose_reports_a_failed_command_as_failed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib.sqlite");
    let out = roundtable(&lib, &["--verbose", "show", "ffffffff"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("failed in "), "{}", stderr(&out));
}
