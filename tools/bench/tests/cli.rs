//! The command line without a chain: help, bad arguments and an unreachable node give clear
//! messages and a failing exit status. The measurement itself runs against a dev node in
//! `scripts/bench-tps.sh`, which `scripts/test.sh` calls with a small count.

use std::process::{Command, Output};

fn msec_bench(args: &[&str]) -> Output {
	Command::new(env!("CARGO_BIN_EXE_msec-bench")).args(args).output().expect("msec-bench runs")
}

#[test]
fn help_names_the_workloads() {
	let output = msec_bench(&["--help"]);
	assert!(output.status.success());
	let help = String::from_utf8_lossy(&output.stdout);
	for workload in ["transfer", "purchase", "attest", "grant"] {
		assert!(help.contains(workload), "{workload} missing from:\n{help}");
	}
}

#[test]
fn an_unknown_workload_is_refused_by_name() {
	let output = msec_bench(&["--workloads", "transfer,mint"]);
	assert_eq!(output.status.code(), Some(2));
	assert!(String::from_utf8_lossy(&output.stderr).contains("mint"));
}

#[test]
fn a_zero_count_is_refused() {
	let output = msec_bench(&["--count", "0", "--url", "ws://127.0.0.1:1"]);
	assert_eq!(output.status.code(), Some(1));
	assert!(String::from_utf8_lossy(&output.stderr).contains("--count must be at least 1"));
}

#[test]
fn an_unreachable_node_is_named_in_the_error() {
	let output = msec_bench(&["--url", "ws://127.0.0.1:1"]);
	assert_eq!(output.status.code(), Some(1));
	let stderr = String::from_utf8_lossy(&output.stderr);
	assert!(stderr.contains("cannot connect to ws://127.0.0.1:1"), "{stderr}");
}
