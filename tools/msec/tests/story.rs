//! The story of `tools/msec/README.md`, played with the `msec` binary against a dev node:
//! consent, a device, a stream listing, two purchases, readings published and decrypted, a
//! withdrawal, the rekey, and the removed buyer locked out.

use std::{
	net::TcpListener,
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
	TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("address").port()
}

/// A dev node, stopped when dropped.
struct DevNode(Child, u16);

impl DevNode {
	fn start(log: &Path) -> Self {
		let rpc_port = free_port();
		let child = Command::new(node_binary())
			.args(["--dev", "--tmp", "--no-telemetry", "--no-prometheus", "--no-mdns"])
			.args(["--rpc-port", &rpc_port.to_string(), "--port", &free_port().to_string()])
			.stdout(Stdio::null())
			.stderr(std::fs::File::create(log).expect("node log"))
			.spawn()
			.expect("msec-node starts");
		let node = Self(child, rpc_port);
		let started = Instant::now();
		while std::net::TcpStream::connect(("127.0.0.1", rpc_port)).is_err() {
			assert!(started.elapsed() < Duration::from_secs(120), "no JSON-RPC after 2 minutes");
			std::thread::sleep(Duration::from_millis(300));
		}
		node
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

/// Runs `msec ARGS` against `node`; its output, whether it succeeded or not.
fn msec(node: &DevNode, args: &[&str]) -> Output {
	Command::new(env!("CARGO_BIN_EXE_msec"))
		.args(["--url", &node.url()])
		.args(args)
		.stdin(Stdio::null())
		.output()
		.expect("msec runs")
}

/// Runs `msec ARGS`, which must succeed; its standard output, trimmed.
fn ok(node: &DevNode, args: &[&str]) -> String {
	let output = msec(node, args);
	let stderr = String::from_utf8_lossy(&output.stderr);
	assert!(output.status.success(), "msec {args:?} failed:\n{stderr}");
	String::from_utf8(output.stdout).expect("utf-8 output").trim().to_owned()
}

#[test]
fn the_readme_story_plays_with_the_cli() {
	let dir = std::env::temp_dir().join(format!("msec-cli-story-{}", std::process::id()));
	std::fs::create_dir_all(&dir).expect("scratch dir");
	let node = DevNode::start(&dir.join("node.log"));
	let bob_key = dir.join("bob.key");
	let dave_key = dir.join("dave.key");
	let (bob_key, dave_key) = (bob_key.to_str().expect("utf-8"), dave_key.to_str().expect("utf-8"));

	// Ferdie, whose street the sensor watches, consents to research and public-benefit uses.
	let grant = |purpose| {
		ok(&node, &["consent", "grant", "--as", "//Ferdie", "--controller", "//Alice", "--purpose", purpose])
	};
	let research = grant("academic-research");
	grant("public-benefit");

	// Alice registers a sensor and lists its stream.
	let device = ok(&node, &["device", "register", "--as", "//Alice", "--device-key", "//Alice//story-sensor"]);
	let listing = ok(
		&node,
		&[
			"listing", "create", "--as", "//Alice", "--epoch-length", "10", "--price", "1",
			"--purpose", "academic-research", "--purpose", "public-benefit",
			"--subject", "//Ferdie", "--device", &device,
		],
	);

	// A listing for a purpose it does not offer is refused with the pallet's error.
	let refused = msec(&node, &["buy", "--as", "//Bob", "--listing", &listing, "--epochs", "3", "--purpose", "marketing", "--key-file", bob_key]);
	assert!(!refused.status.success());
	assert!(String::from_utf8_lossy(&refused.stderr).contains("PurposeNotOffered"));

	// Bob buys for research, Dave for public benefit; Alice's node delivers their keys.
	let buy = |who, purpose, key_file| {
		ok(&node, &["buy", "--as", who, "--listing", &listing, "--epochs", "3", "--purpose", purpose, "--key-file", key_file, "--wait-for-key", "120"])
	};
	let bob = buy("//Bob", "academic-research", bob_key);
	let dave = buy("//Dave", "public-benefit", dave_key);

	// The sensor publishes; both read it.
	let publish = |reading| {
		ok(&node, &["stream", "publish", "--device", &device, "--device-key", "//Alice//story-sensor", "--listing", &listing, reading])
	};
	assert_eq!(publish("NO2 41 ug/m3 at Calle Burgos"), "0");
	let read = |purchase: &str, key_file, from: &str| {
		msec(&node, &["stream", "subscribe", "--listing", &listing, "--purchase", purchase, "--key-file", key_file, "--from", from, "--count", "1", "--rekey-wait", "15"])
	};
	for (purchase, key_file) in [(&bob, bob_key), (&dave, dave_key)] {
		let output = read(purchase, key_file, "0");
		assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "#0 [0]: NO2 41 ug/m3 at Calle Burgos");
	}

	// Ferdie withdraws the research consent: Alice's node rekeys for Dave alone.
	ok(&node, &["consent", "withdraw", "--as", "//Ferdie", "--consent", &research]);
	assert_eq!(ok(&node, &["key", "--purchase", &dave, "--wait-for-epoch", "1"]), "1");
	assert_eq!(publish("NO2 38 ug/m3 at Calle Burgos"), "1");

	let dave_reads = read(&dave, dave_key, "1");
	assert_eq!(String::from_utf8_lossy(&dave_reads.stdout).trim(), "#1 [1]: NO2 38 ug/m3 at Calle Burgos");
	let bob_reads = read(&bob, bob_key, "1");
	assert_eq!(String::from_utf8_lossy(&bob_reads.stdout).trim(), "", "Bob reads nothing new");
	assert!(
		String::from_utf8_lossy(&bob_reads.stderr).contains("was not given"),
		"{}",
		String::from_utf8_lossy(&bob_reads.stderr)
	);
	drop(node);
	let _ = std::fs::remove_dir_all(&dir);
}
