//! The local two-city network (`--chain local`) on 127.0.0.1: four validators with databases
//! that survive a restart, plus extra nodes. Everything is stopped and deleted on drop.

use std::path::PathBuf;

use msec_runtime::genesis_config_presets::{LOCAL_TESTNET_OPERATORS, LOCAL_TESTNET_PEER_IDS};

use super::{free_port, NodeProcess};

/// The node key of local node `n` (1-based): `0x00…0n`. Nodes 1 to 4 are the well-known
/// nodes of the local testnet preset; higher ones are not authorized at genesis.
pub fn node_key(n: u8) -> String {
	format!("{n:064x}")
}

/// The four operators' validators and any extra nodes, on one machine.
pub struct LocalNetwork {
	/// Databases and keystores, one directory per node.
	base: PathBuf,
	/// The validators' libp2p ports, fixed so that every node can list the others.
	p2p_ports: [u16; 4],
	/// Alice, Bob, Charlie, Dave; `None` while crashed.
	pub validators: Vec<Option<NodeProcess>>,
}

impl LocalNetwork {
	/// Starts the four validators of the local testnet.
	pub fn start() -> Self {
		let base = std::env::temp_dir().join(format!(
			"msec-network-test-{}-{}",
			std::process::id(),
			free_port()
		));
		let p2p_ports = [free_port(), free_port(), free_port(), free_port()];
		let mut network = Self { base, p2p_ports, validators: Vec::new() };
		for index in 0..4 {
			let node = network.start_validator(index);
			network.validators.push(Some(node));
		}
		network
	}

	/// `/ip4/127.0.0.1/tcp/…/p2p/…` of every validator.
	pub fn bootnodes(&self) -> Vec<String> {
		self.p2p_ports
			.iter()
			.zip(LOCAL_TESTNET_PEER_IDS)
			.map(|(port, peer)| format!("/ip4/127.0.0.1/tcp/{port}/p2p/{peer}"))
			.collect()
	}

	fn start_validator(&self, index: usize) -> NodeProcess {
		let name = format!("{:?}", LOCAL_TESTNET_OPERATORS[index]).to_lowercase();
		let node_number = u8::try_from(index + 1).expect("four validators");
		// `--alice` etc.: validator role with that dev account's session keys.
		let args = vec![format!("--{name}")];
		self.start_node(&name, node_number, self.p2p_ports[index], args)
	}

	/// Starts a node of the local chain named `name` with node key `node_key(node_number)`,
	/// its own database, the validators as bootnodes, and `extra` arguments.
	pub fn start_node(
		&self,
		name: &str,
		node_number: u8,
		p2p_port: u16,
		extra: Vec<String>,
	) -> NodeProcess {
		let mut args = vec![
			"--chain".to_string(),
			"local".to_string(),
			"--node-key".to_string(),
			node_key(node_number),
			"--base-path".to_string(),
			self.base.join(name).display().to_string(),
			"--bootnodes".to_string(),
		];
		args.extend(self.bootnodes());
		args.extend(extra);
		NodeProcess::start(name, p2p_port, args)
	}

	/// A running validator (0 = Alice … 3 = Dave).
	pub fn validator(&self, index: usize) -> &NodeProcess {
		self.validators[index].as_ref().expect("validator is running")
	}

	/// Kills validator `index` without warning.
	pub fn crash_validator(&mut self, index: usize) {
		if let Some(node) = self.validators[index].take() {
			node.crash();
		}
	}

	/// Starts validator `index` again on its existing database.
	pub fn restart_validator(&mut self, index: usize) {
		let node = self.start_validator(index);
		self.validators[index] = Some(node);
	}
}

impl Drop for LocalNetwork {
	fn drop(&mut self) {
		// Stop the nodes before deleting their databases.
		self.validators.clear();
		let _ = std::fs::remove_dir_all(&self.base);
	}
}
