//! The story of `tools/msec/README.md`, played with the `msec` binary against a dev node:
//! consent, a device, a stream listing, two purchases, readings published and decrypted, a
//! withdrawal, the rekey, and the removed buyer locked out; then an anonymized listing of
//! bus-card taps.

use std::{
	io::{Read, Write},
	net::{TcpListener, TcpStream},
	path::{Path, PathBuf},
	process::{Child, Command, Output, Stdio},
	time::{Duration, Instant},
};

/// The node binary `cargo test --workspace` builds beside this test's binary.
fn node_binary() -> PathBuf {
	let deps = std::env::current_exe().expect("test binary path");
	let profile = deps.parent().and_then(Path::parent).expect("target/<profile>/deps");
	let node = profile.join("msec-node");
	assert!(node.exists(), "{} is missing: build it with cargo build -p msec-node", node.display());
	node
}

fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0")
		.expect("a free port")
		.local_addr()
		.expect("address")
		.port()
}

/// Whether a JSON-RPC server on `port` answers `system_chain` over HTTP.
fn answers_json_rpc(port: u16) -> bool {
	let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else { return false };
	let body = r#"{"jsonrpc":"2.0","id":1,"method":"system_chain","params":[]}"#;
	let request = format!(
		"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
		 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
		body.len()
	);
	let mut response = String::new();
	stream.set_read_timeout(Some(Duration::from_secs(5))).is_ok() &&
		stream.write_all(request.as_bytes()).is_ok() &&
		stream.read_to_string(&mut response).is_ok() &&
		response.contains("\"result\"")
}

/// A dev node, stopped when dropped.
struct DevNode(Child, u16);

impl DevNode {
	/// Starts a node on free ports. Two tests run at once, and a port one picked may be taken
	/// by the other's node before its own binds it: then the node exits and starts again on
	/// other ports. Ready means this node logged that it serves JSON-RPC on the port and the
	/// server answers, not that something listens there.
	fn start(log: &Path) -> Self {
		for _ in 0..5 {
			let rpc_port = free_port();
			let child = Command::new(node_binary())
				.args(["--dev", "--tmp", "--no-telemetry", "--no-prometheus", "--no-mdns"])
				.args(["--rpc-port", &rpc_port.to_string(), "--port", &free_port().to_string()])
				.stdout(Stdio::null())
				.stderr(std::fs::File::create(log).expect("node log"))
				.spawn()
				.expect("msec-node starts");
			let mut node = Self(child, rpc_port);
			let serving = format!("Running JSON-RPC server: addr=127.0.0.1:{rpc_port}");
			let started = Instant::now();
			while node.0.try_wait().expect("node status").is_none() {
				let logged = std::fs::read_to_string(log).unwrap_or_default().contains(&serving);
				if logged && answers_json_rpc(rpc_port) {
					return node;
				}
				assert!(started.elapsed() < Duration::from_secs(120), "no JSON-RPC after 2 minutes");
				std::thread::sleep(Duration::from_millis(300));
			}
		}
		panic!("msec-node exited five times on start: see {}", log.display());
	}

	fn url(&self) -> String {
		format!("ws://127.0.0.1:{}", self.1)
	}
}

impl Drop for DevNode {
	fn drop(&mut self) {
		let _ = self.0.kill();
		let _ = self.0.wait();
	}
}

/// Runs `msec` with the words of `command`, then `extra` (arguments with spaces), against
/// `node`; its output, whether it succeeded or not.
fn msec(node: &DevNode, command: &str, extra: &[&str]) -> Output {
	Command::new(env!("CARGO_BIN_EXE_msec"))
		.args(["--url", &node.url()])
		.args(command.split_whitespace())
		.args(extra)
		.stdin(Stdio::null())
		.output()
		.expect("msec runs")
}

/// Runs `msec` as [`msec`] does; it must succeed. Its standard output, trimmed.
fn ok(node: &DevNode, command: &str, extra: &[&str]) -> String {
	let output = msec(node, command, extra);
	let stderr = String::from_utf8_lossy(&output.stderr);
	assert!(output.status.success(), "msec {command} {extra:?} failed:\n{stderr}");
	String::from_utf8(output.stdout).expect("utf-8 output").trim().to_owned()
}

fn text(bytes: &[u8]) -> String {
	String::from_utf8_lossy(bytes).trim().to_owned()
}

#[test]
fn the_readme_story_plays_with_the_cli() {
	let dir = std::env::temp_dir().join(format!("msec-cli-story-{}", std::process::id()));
	std::fs::create_dir_all(&dir).expect("scratch dir");
	let node = DevNode::start(&dir.join("node.log"));
	let bob_key = dir.join("bob.key").display().to_string();
	let dave_key = dir.join("dave.key").display().to_string();

	// Ferdie, whose street the sensor watches, consents to research and public-benefit uses.
	let grant = |purpose: &str| {
		ok(
			&node,
			&format!("consent grant --as //Ferdie --controller //Alice --purpose {purpose}"),
			&[],
		)
	};
	let research = grant("academic-research");
	grant("public-benefit");

	// Alice registers a sensor and lists its stream.
	let device = ok(&node, "device register --as //Alice --device-key //Alice//story-sensor", &[]);
	let listing = ok(
		&node,
		&format!(
			"listing create --as //Alice --epoch-length 10 --price 1 --purpose academic-research \
			 --purpose public-benefit --subject //Ferdie --device {device}"
		),
		&[],
	);

	// A purchase for a purpose the listing does not offer is refused with the pallet's error.
	let refused = msec(
		&node,
		&format!("buy --as //Bob --listing {listing} --epochs 3 --purpose marketing --key-file {bob_key}"),
		&[],
	);
	assert!(!refused.status.success());
	assert!(
		text(&refused.stderr).contains("Marketplace::PurposeNotOffered"),
		"{}",
		text(&refused.stderr)
	);

	// Bob buys for research, Dave for public benefit; Alice's node delivers their keys.
	let buy = |who: &str, purpose: &str, key_file: &str| {
		let command = format!(
			"buy --as {who} --listing {listing} --epochs 3 --purpose {purpose} --key-file {key_file} \
			 --wait-for-key 120"
		);
		ok(&node, &command, &[])
	};
	let bob = buy("//Bob", "academic-research", &bob_key);
	let dave = buy("//Dave", "public-benefit", &dave_key);

	// The sensor publishes; both read it.
	let publish = |reading: &str| {
		let command = format!(
			"stream publish --device {device} --device-key //Alice//story-sensor --listing {listing}"
		);
		ok(&node, &command, &[reading])
	};
	let read = |purchase: &str, key_file: &str, from: u64| {
		let command = format!(
			"stream subscribe --listing {listing} --purchase {purchase} --key-file {key_file} \
			 --from {from} --count 1 --rekey-wait 15"
		);
		msec(&node, &command, &[])
	};
	assert_eq!(publish("NO2 41 ug/m3 at Calle Burgos"), "0");
	for (purchase, key_file) in [(&bob, &bob_key), (&dave, &dave_key)] {
		let output = read(purchase, key_file, 0);
		assert_eq!(text(&output.stdout), "#0 [0]: NO2 41 ug/m3 at Calle Burgos");
	}

	// Ferdie withdraws the research consent: Alice's node rekeys for Dave alone.
	ok(&node, &format!("consent withdraw --as //Ferdie --consent {research}"), &[]);
	assert_eq!(ok(&node, &format!("key --purchase {dave} --wait-for-epoch 1"), &[]), "1");
	assert_eq!(publish("NO2 38 ug/m3 at Calle Burgos"), "1");

	let dave_reads = read(&dave, &dave_key, 1);
	assert_eq!(text(&dave_reads.stdout), "#1 [1]: NO2 38 ug/m3 at Calle Burgos");
	// Dave keeps every epoch's key he was given: he reads from the start, across the rekey.
	let dave_reads_all = msec(
		&node,
		&format!(
			"stream subscribe --listing {listing} --purchase {dave} --key-file {dave_key} \
			 --from 0 --count 2 --rekey-wait 15"
		),
		&[],
	);
	assert_eq!(
		text(&dave_reads_all.stdout),
		"#0 [0]: NO2 41 ug/m3 at Calle Burgos\n#1 [1]: NO2 38 ug/m3 at Calle Burgos",
		"{}",
		text(&dave_reads_all.stderr)
	);
	let bob_reads = read(&bob, &bob_key, 1);
	assert_eq!(text(&bob_reads.stdout), "", "Bob reads nothing new");
	assert!(text(&bob_reads.stderr).contains("was not given"), "{}", text(&bob_reads.stderr));
	drop(node);
	let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_anonymized_story_plays_with_the_cli() {
	let dir = std::env::temp_dir().join(format!("msec-cli-anonymized-{}", std::process::id()));
	std::fs::create_dir_all(&dir).expect("scratch dir");
	let node = DevNode::start(&dir.join("node.log"));
	let key_file = dir.join("dave-taps.key").display().to_string();

	let taps = ok(
		&node,
		"listing create --as //Alice --epoch-length 100 --price 1 --purpose public-benefit --device 0",
		&[],
	);
	ok(
		&node,
		&format!(
			"listing anonymize --as //Alice --listing {taps} --geohash-precision 6 \
			 --time-bucket 3600 --k 2"
		),
		&[],
	);
	let purchase = ok(
		&node,
		&format!(
			"buy --as //Dave --listing {taps} --epochs 2 --purpose public-benefit \
			 --key-file {key_file} --wait-for-key 120"
		),
		&[],
	);

	// The reader may no longer publish by itself.
	let refused = msec(
		&node,
		&format!("stream publish --device 0 --device-key //Alice//air-quality-1 --listing {taps}"),
		&["SDR-CARD-000001 tapped"],
	);
	assert!(!refused.status.success());
	assert!(text(&refused.stderr).contains("code 4013"), "{}", text(&refused.stderr));

	// It hands the README's raw records to Alice's node instead.
	let records: String = include_str!("../README.md")
		.lines()
		.filter(|line| line.starts_with(r#"{"subject""#))
		.map(|line| format!("{line}\n"))
		.collect();
	assert_eq!(records.lines().count(), 4, "the README's taps.jsonl");
	let file = dir.join("taps.jsonl");
	std::fs::write(&file, records).expect("records written");
	let published = msec(
		&node,
		&format!(
			"stream publish-anonymized --device 0 --device-key //Alice//air-quality-1 --listing {taps} \
			 --records {}",
			file.display()
		),
		&[],
	);
	assert!(published.status.success(), "{}", text(&published.stderr));
	assert_eq!(text(&published.stdout), "0", "batch 0");
	assert!(text(&published.stderr).contains("3 of 4 records released"));

	let read = msec(
		&node,
		&format!(
			"stream subscribe --listing {taps} --purchase {purchase} --key-file {key_file} --count 3"
		),
		&[],
	);
	let lines = text(&read.stdout);
	assert_eq!(lines.lines().count(), 3, "{lines}\n{}", text(&read.stderr));
	assert!(lines.lines().all(|line| line.contains(r#""cell":"eztr32""#)), "{lines}");
	assert!(!lines.contains("SDR-CARD"), "{lines}");

	// After the sale: rating waits for settlement, a dispute keeps the escrow held, and Alice
	// closes the listing.
	let early = msec(&node, &format!("rate --as //Dave --purchase {purchase} --score 5"), &[]);
	assert!(text(&early.stderr).contains("Marketplace::NotSettled"), "{}", text(&early.stderr));
	let reason_hash = ok(
		&node,
		&format!("dispute --as //Dave --purchase {purchase} --reason"),
		&["bus line 3 missing"],
	);
	assert!(reason_hash.starts_with("0x") && reason_hash.len() == 66, "{reason_hash}");
	// Closing erases the listing's content and pseudonym keys and log on Alice's node; she
	// records the receipt on a consent of Ferdie's, whose data the records may hold.
	let consent = ok(
		&node,
		"consent grant --as //Ferdie --controller //Alice --purpose public-benefit",
		&[],
	);
	let receipt: serde_json::Value = serde_json::from_str(&ok(
		&node,
		&format!("listing close --as //Alice --listing {taps} --erasure-consent {consent}"),
		&[],
	))
	.expect("the erasure receipt, as JSON");
	assert_eq!(receipt["contentKey"], true, "{receipt}");
	assert_eq!(receipt["pseudonymKey"], true, "{receipt}");
	assert!(receipt["messages"].as_u64().is_some_and(|messages| messages > 0), "{receipt}");
	drop(node);
	let _ = std::fs::remove_dir_all(&dir);
}
