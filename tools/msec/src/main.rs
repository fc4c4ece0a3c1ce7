//! `msec`: M-Sec chain from the command line, for providers, buyers and devices. Progress
//! goes to standard error; results (ids, readings) to standard output, one per line, so that
//! scripts can capture them.

mod args;
mod buyer_key;
mod chain;
mod commands;
mod random;
mod runtime;

use std::{path::PathBuf, time::Duration};

use anyhow::Result;
use clap::{Parser, Subcommand};
use subxt::utils::H256;

use args::{DeviceKindArg, PurposeArg};
use commands::{after_sale, anonymized, consent, device, listing, purchase, stream};

/// M-Sec chain from the command line.
#[derive(Debug, Parser)]
#[command(name = "msec", version, about)]
struct Cli {
	/// The node to talk to (WebSocket JSON-RPC).
	#[arg(long, global = true, env = "MSEC_URL", default_value = "ws://127.0.0.1:9944")]
	url: String,

	#[command(subcommand)]
	command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
	/// Devices of a provider.
	#[command(subcommand)]
	Device(DeviceCommand),
	/// Listings of a provider.
	#[command(subcommand)]
	Listing(ListingCommand),
	/// Buy a listing; prints the purchase id.
	Buy {
		/// The buyer's secret URI (`//Bob`, or a secret phrase).
		#[arg(long = "as", value_name = "SURI")]
		buyer: String,
		/// The listing to buy.
		#[arg(long)]
		listing: u64,
		/// Epochs of a stream to buy (1 for a dataset).
		#[arg(long, default_value_t = 1)]
		epochs: u32,
		/// What the data is for.
		#[arg(long, value_enum)]
		purpose: PurposeArg,
		/// A new file for this purchase's X25519 key (refused if it exists: every purchase gets
		/// a fresh key, so that purchases cannot be linked by it).
		#[arg(long, value_name = "PATH")]
		key_file: PathBuf,
		/// The most to pay per epoch, in plancks; the listing's price as read now if not given.
		/// The purchase also names the listing's version read now: a listing changed before it
		/// is included makes it fail.
		#[arg(long, value_name = "PLANCKS")]
		max_price: Option<u128>,
		/// Wait up to this many seconds for the provider to deliver the content key.
		#[arg(long, value_name = "SECONDS")]
		wait_for_key: Option<u64>,
	},
	/// Settle a purchase after its last epoch and the dispute window.
	Settle {
		/// Who pays the fee for the call (anyone).
		#[arg(long = "as", value_name = "SURI")]
		caller: String,
		/// The purchase.
		#[arg(long)]
		purchase: u64,
	},
	/// Dispute a purchase before its dispute window closes; prints the reason's hash.
	Dispute {
		/// The buyer's secret URI.
		#[arg(long = "as", value_name = "SURI")]
		buyer: String,
		/// The purchase.
		#[arg(long)]
		purchase: u64,
		/// Why: only its BLAKE2-256 goes on chain; keep the text for the arbiter.
		#[arg(long)]
		reason: String,
	},
	/// Rate the provider of a settled purchase, once (removes the purchase record).
	Rate {
		/// The buyer's secret URI.
		#[arg(long = "as", value_name = "SURI")]
		buyer: String,
		/// The purchase.
		#[arg(long)]
		purchase: u64,
		/// 1 to 5.
		#[arg(long, value_parser = clap::value_parser!(u8).range(1..=5))]
		score: u8,
	},
	/// Show the content key delivered for a purchase; prints its key epoch.
	Key {
		/// The purchase.
		#[arg(long)]
		purchase: u64,
		/// Wait until a key of at least this epoch is delivered.
		#[arg(long, value_name = "EPOCH")]
		wait_for_epoch: Option<u32>,
		/// How long to wait, in seconds.
		#[arg(long, value_name = "SECONDS", default_value_t = 120)]
		timeout: u64,
	},
	/// Consent of a data subject.
	#[command(subcommand)]
	Consent(ConsentCommand),
	/// Sensor streams through the relay.
	#[command(subcommand)]
	Stream(StreamCommand),
}

#[derive(Debug, Subcommand)]
enum DeviceCommand {
	/// Register a device (ed25519 key); prints its id.
	Register {
		/// The owning provider's secret URI.
		#[arg(long = "as", value_name = "SURI")]
		owner: String,
		/// The device's secret URI, from which its ed25519 key derives.
		#[arg(long, value_name = "SURI")]
		device_key: String,
		/// What it is.
		#[arg(long, value_enum, default_value = "sensor")]
		kind: DeviceKindArg,
		/// Hash of its firmware (0x-prefixed hex; zero if not given).
		#[arg(long)]
		firmware: Option<H256>,
	},
}

#[derive(Debug, Subcommand)]
enum ListingCommand {
	/// List a stream (with --epoch-length) or a dataset; prints the listing id.
	Create {
		/// The provider's secret URI.
		#[arg(long = "as", value_name = "SURI")]
		provider: String,
		/// Blocks per epoch of a stream; a dataset without it.
		#[arg(long)]
		epoch_length: Option<u32>,
		/// Price in MSEC per epoch (stream) or per dataset.
		#[arg(long)]
		price: f64,
		/// Purposes buyers may name (repeat for several).
		#[arg(long = "purpose", value_enum, required = true)]
		purposes: Vec<PurposeArg>,
		/// The data subject, if the data is personal: SS58 address or secret URI.
		#[arg(long)]
		subject: Option<String>,
		/// The device the data comes from.
		#[arg(long)]
		device: Option<u64>,
		/// Hash of the listing's description (0x-prefixed hex; zero if not given).
		#[arg(long)]
		metadata_hash: Option<H256>,
	},
	/// Close a listing: no new purchases, the deposit comes back, what was not delivered is
	/// refunded; the provider's node erases its keys and log once the close is final.
	Close {
		/// The provider's secret URI.
		#[arg(long = "as", value_name = "SURI")]
		provider: String,
		/// The listing.
		#[arg(long)]
		listing: u64,
		/// Wait for the provider's node (this `--url`, with unsafe methods) to erase the
		/// listing, print its erasure receipt and record the receipt's hash on this consent of
		/// the listing's subject (`Consent.record_erasure`).
		#[arg(long, value_name = "CONSENT")]
		erasure_consent: Option<u64>,
	},
	/// Require anonymization of a listing's records (or make its policy stricter): its device
	/// then hands raw records to the provider's node (`msec stream publish-anonymized`).
	Anonymize {
		/// The provider's secret URI.
		#[arg(long = "as", value_name = "SURI")]
		provider: String,
		/// The listing.
		#[arg(long)]
		listing: u64,
		/// Geohash characters kept, 1 to 7 (5: about 5 km, 6: 1.2 km, 7: 150 m).
		#[arg(long, default_value_t = 6)]
		geohash_precision: u8,
		/// Width of a time bucket in seconds: a whole multiple of 900 (a quarter hour).
		#[arg(long, value_name = "SECONDS", default_value_t = 3600)]
		time_bucket: u64,
		/// Fewest subjects sharing a released subject's trajectory in a batch; at least 2.
		#[arg(long, default_value_t = 5)]
		k: u32,
	},
}

#[derive(Debug, Subcommand)]
enum ConsentCommand {
	/// Consent to a controller processing your data for purposes; prints the consent id.
	Grant {
		/// The data subject's secret URI.
		#[arg(long = "as", value_name = "SURI")]
		subject: String,
		/// Who may process the data (the provider): SS58 address or secret URI.
		#[arg(long)]
		controller: String,
		/// Purposes consented to (repeat for several).
		#[arg(long = "purpose", value_enum, required = true)]
		purposes: Vec<PurposeArg>,
		/// Hash of the privacy notice shown (0x-prefixed hex; zero if not given).
		#[arg(long)]
		notice_hash: Option<H256>,
	},
	/// Withdraw a consent, with immediate effect.
	Withdraw {
		/// The data subject's (or guardian's) secret URI.
		#[arg(long = "as", value_name = "SURI")]
		subject: String,
		/// The consent.
		#[arg(long)]
		consent: u64,
	},
}

#[derive(Debug, Subcommand)]
enum StreamCommand {
	/// Seal, sign and publish readings as a device (arguments, or lines of standard input).
	Publish {
		/// The device's id.
		#[arg(long)]
		device: u64,
		/// The device's secret URI (its registered ed25519 key).
		#[arg(long, value_name = "SURI")]
		device_key: String,
		/// The listing whose stream it is.
		#[arg(long)]
		listing: u64,
		/// The provider's node, which wraps the content key for the device; --url if unset.
		#[arg(long)]
		provider_url: Option<String>,
		/// Readings to publish; standard input, line by line, if none.
		readings: Vec<String>,
	},
	/// Hand raw records (JSON lines: subject, latitude, longitude, timestampMs, reading) of an
	/// anonymized listing to the provider's node, which anonymizes, publishes and attests
	/// them; prints each batch's number.
	PublishAnonymized {
		/// The listing's device id.
		#[arg(long)]
		device: u64,
		/// The device's secret URI (its registered ed25519 key): it signs each batch.
		#[arg(long, value_name = "SURI")]
		device_key: String,
		/// The anonymized listing.
		#[arg(long)]
		listing: u64,
		/// The records file; standard input if not given.
		#[arg(long, value_name = "PATH")]
		records: Option<PathBuf>,
		/// Records per batch: at least k, at most the node's device burst (1,000 by default);
		/// each batch is k-anonymized and attested on its own.
		#[arg(long, default_value_t = 1_000)]
		batch_size: usize,
		/// The provider's node; --url if unset.
		#[arg(long)]
		provider_url: Option<String>,
	},
	/// Follow a stream as a buyer and print each reading decrypted.
	Subscribe {
		/// The listing.
		#[arg(long)]
		listing: u64,
		/// Your purchase of it.
		#[arg(long)]
		purchase: u64,
		/// Your X25519 key file (the one `msec buy` created).
		#[arg(long, value_name = "PATH")]
		key_file: PathBuf,
		/// The first log index to read.
		#[arg(long, default_value_t = 0)]
		from: u64,
		/// Stop after this many messages.
		#[arg(long)]
		count: Option<u64>,
		/// How long to wait, in seconds, for the key of a new key epoch after a rekey before
		/// concluding the purchase was not given it.
		#[arg(long, value_name = "SECONDS", default_value_t = 60)]
		rekey_wait: u64,
		/// The relay to read from (the provider's node); --url if unset. Keys, device keys and
		/// the genesis hash are read from --url: point it at a node you trust (your city's),
		/// so that the relay's node cannot vouch for messages it forged.
		#[arg(long)]
		relay_url: Option<String>,
	},
}

#[tokio::main]
async fn main() {
	let cli = Cli::parse();
	if let Err(error) = run(cli).await {
		eprintln!("error: {error:#}");
		std::process::exit(1);
	}
}

async fn run(cli: Cli) -> Result<()> {
	let url = cli.url.as_str();
	match cli.command {
		Command::Device(DeviceCommand::Register { owner, device_key, kind, firmware }) => {
			let client = chain::connect(url).await?;
			device::register(&client, &owner, &device_key, kind, firmware.unwrap_or_default()).await
		},
		Command::Listing(ListingCommand::Create {
			provider,
			epoch_length,
			price,
			purposes,
			subject,
			device,
			metadata_hash,
		}) => {
			let client = chain::connect(url).await?;
			let subject = subject.as_deref().map(chain::account).transpose()?;
			let new = listing::NewListing {
				epoch_length,
				price,
				purposes,
				subject,
				device,
				metadata_hash: metadata_hash.unwrap_or_default(),
			};
			listing::create(&client, &provider, new).await
		},
		Command::Listing(ListingCommand::Close { provider, listing, erasure_consent }) => {
			let client = chain::connect(url).await?;
			listing::close(&client, &provider, listing, erasure_consent).await
		},
		Command::Listing(ListingCommand::Anonymize {
			provider,
			listing,
			geohash_precision,
			time_bucket,
			k,
		}) => {
			let client = chain::connect(url).await?;
			let policy = listing::AnonymizationPolicy {
				geohash_precision,
				time_bucket_secs: time_bucket,
				k,
			};
			listing::require_anonymization(&client, &provider, listing, policy).await
		},
		Command::Buy { buyer, listing, epochs, purpose, key_file, max_price, wait_for_key } => {
			let client = chain::connect(url).await?;
			let wait = wait_for_key.map(Duration::from_secs);
			purchase::buy(&client, &buyer, listing, epochs, purpose, &key_file, max_price, wait)
				.await
		},
		Command::Settle { caller, purchase } => {
			let client = chain::connect(url).await?;
			purchase::settle(&client, &caller, purchase).await
		},
		Command::Dispute { buyer, purchase, reason } => {
			let client = chain::connect(url).await?;
			after_sale::dispute(&client, &buyer, purchase, &reason).await
		},
		Command::Rate { buyer, purchase, score } => {
			let client = chain::connect(url).await?;
			after_sale::rate(&client, &buyer, purchase, score).await
		},
		Command::Key { purchase, wait_for_epoch, timeout } => {
			let client = chain::connect(url).await?;
			purchase::show_key(&client, purchase, wait_for_epoch, Duration::from_secs(timeout))
				.await
		},
		Command::Consent(ConsentCommand::Grant { subject, controller, purposes, notice_hash }) => {
			let client = chain::connect(url).await?;
			let controller = chain::account(&controller)?;
			consent::grant(
				&client,
				&subject,
				controller,
				&purposes,
				notice_hash.unwrap_or_default(),
			)
			.await
		},
		Command::Consent(ConsentCommand::Withdraw { subject, consent }) => {
			let client = chain::connect(url).await?;
			consent::withdraw(&client, &subject, consent).await
		},
		Command::Stream(StreamCommand::Publish {
			device,
			device_key,
			listing,
			provider_url,
			readings,
		}) => {
			let publisher = stream::Publisher {
				relay_url: url,
				provider_url: provider_url.as_deref().unwrap_or(url),
				device,
				device_key: &device_key,
				listing,
			};
			stream::publish(publisher, readings).await
		},
		Command::Stream(StreamCommand::PublishAnonymized {
			device,
			device_key,
			listing,
			records,
			batch_size,
			provider_url,
		}) => {
			let raw = anonymized::RawRecords {
				provider_url: provider_url.as_deref().unwrap_or(url),
				device,
				device_key: &device_key,
				listing,
				file: records.as_deref(),
				batch_size,
			};
			anonymized::publish(raw).await
		},
		Command::Stream(StreamCommand::Subscribe {
			listing,
			purchase,
			key_file,
			from,
			count,
			rekey_wait,
			relay_url,
		}) => {
			let client = chain::connect(url).await?;
			let subscriber = stream::Subscriber {
				relay_url: relay_url.as_deref(),
				listing,
				purchase,
				key_file: &key_file,
				from,
				count,
				rekey_wait: Duration::from_secs(rekey_wait),
			};
			stream::subscribe(&client, subscriber).await
		},
	}
}
