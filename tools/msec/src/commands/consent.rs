//! `msec consent grant | withdraw`.

use anyhow::Result;
use subxt::utils::{AccountId32, H256};

use crate::{
	args::{purposes, PurposeArg},
	chain::{event, send, signer, Client},
	runtime::{
		msec::{self, runtime_types},
		LegalBasis,
	},
};

/// The data subject `subject` consents to `controller` processing their data for `purposes`
/// (within the EU and Japan, without expiry); prints the consent id.
pub async fn grant(
	client: &Client,
	subject: &str,
	controller: AccountId32,
	purposes_granted: &[PurposeArg],
	notice_hash: H256,
) -> Result<()> {
	let subject = signer(subject)?;
	let call = msec::transactions().consent().grant(
		controller,
		runtime_types::bounded_collections::bounded_vec::BoundedVec(purposes(purposes_granted)),
		LegalBasis::Consent,
		runtime_types::bounded_collections::bounded_vec::BoundedVec(Vec::new()),
		None,
		notice_hash,
	);
	let events = send(client, "Consent.grant", &call, &subject).await?;
	let granted =
		event::<msec::consent::events::ConsentGranted>(&events, "Consent.ConsentGranted")?;
	eprintln!("✓ consent {} granted", granted.consent);
	println!("{}", granted.consent);
	Ok(())
}

/// The subject (or their guardian) `who` withdraws consent `consent`.
pub async fn withdraw(client: &Client, who: &str, consent: u64) -> Result<()> {
	let who = signer(who)?;
	let call = msec::transactions().consent().withdraw(consent);
	send(client, "Consent.withdraw", &call, &who).await?;
	eprintln!(
		"✓ consent {consent} withdrawn: purchases resting on it end, and the provider rekeys"
	);
	Ok(())
}
