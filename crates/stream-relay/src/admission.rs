//! Fair turns at the relay's work between connections.
//!
//! A flooding client keeps many requests in flight. Served in arrival order, it makes an honest
//! device that sends one message at a time wait behind all of them. Instead:
//! - each connection may have at most [`MAX_WAITING_PER_CONNECTION`] requests in the relay's
//!   hands (waiting, queued or worked on); more are refused at once (4027);
//! - each connection has its messages checked at most `--relay-connection-rate` a second (a
//!   batch counts its publications); requests above it wait, so that a client waiting for its
//!   answers slows down;
//! - each connection queues its requests, and the relay's threads take one request from each
//!   connection with work in turn (round robin): a request waits for at most one request of
//!   each other connection.
//!
//! The work runs on at most as many blocking threads as the node may use cores, never on the
//! async threads that serve every connection. A thread takes request after request until none
//! waits, so that under load a request costs no thread switch of its own: handing each one to
//! the blocking pool cost more than checking a refused publication.

use std::{
	collections::{HashMap, VecDeque},
	num::NonZeroU32,
	sync::{
		atomic::{AtomicUsize, Ordering},
		Arc,
	},
};

use governor::{
	clock::{Clock, DefaultClock},
	DefaultKeyedRateLimiter, Quota, RateLimiter,
};
use parking_lot::Mutex;
use tokio::sync::oneshot;

use crate::PublishError;

/// Most requests one connection may have in the relay's hands; more are refused (4027).
pub const MAX_WAITING_PER_CONNECTION: usize = 16;

/// Connections with a rate before the rates of those idle for a while are first forgotten.
const RATES_BEFORE_PRUNING: usize = 1_024;

type Job = Box<dyn FnOnce() + Send>;

/// Runs blocking work on a thread of its choosing. The node hands its task manager's, whose
/// threads the node waits for when it shuts down, before it closes the database they use.
pub type Spawner = Arc<dyn Fn(Box<dyn FnOnce() + Send>) + Send + Sync>;

/// Tokio's blocking pool of the runtime the relay's RPC server runs on.
pub fn tokio_spawner() -> Spawner {
	Arc::new(|work| {
		tokio::task::spawn_blocking(work);
	})
}

/// The relay's work queue and the threads draining it.
pub(crate) struct Admission {
	shared: Arc<Shared>,
	rates: DefaultKeyedRateLimiter<usize>,
	clock: DefaultClock,
	/// The number of connection rates at which they are pruned next.
	prune_at: AtomicUsize,
	/// Most messages one connection may have checked at once (the rate's burst).
	burst: NonZeroU32,
	spawner: Spawner,
}

struct Shared {
	queue: Mutex<Queue>,
	/// Most threads draining the queue at once.
	threads: usize,
}

#[derive(Default)]
struct Queue {
	/// Each connection's requests in the relay's hands.
	held: HashMap<Option<usize>, usize>,
	/// Each connection's queued requests, oldest first.
	waiting: HashMap<Option<usize>, VecDeque<Job>>,
	/// The connections with queued requests, each once, in the order they get their turn.
	turns: VecDeque<Option<usize>>,
	/// Threads draining the queue now.
	draining: usize,
}

impl Admission {
	/// The queue, drained by at most `threads` threads at once (at least one), for
	/// connections that have at most `per_connection` messages a second checked (in bursts
	/// of as many).
	pub(crate) fn new(threads: usize, per_connection: NonZeroU32, spawner: Spawner) -> Self {
		let shared = Arc::new(Shared { queue: Mutex::default(), threads: threads.max(1) });
		let clock = DefaultClock::default();
		let rates = RateLimiter::dashmap_with_clock(Quota::per_second(per_connection), &clock);
		let prune_at = AtomicUsize::new(RATES_BEFORE_PRUNING);
		Self { shared, rates, clock, prune_at, burst: per_connection, spawner }
	}

	/// Runs `work`, which checks `messages` messages, on a blocking thread in the turn of
	/// `connection` (`None`: a server that names no connections, whose requests share one
	/// turn and no rate), and answers what it answered.
	pub(crate) async fn run<T: Send + 'static>(
		&self,
		connection: Option<usize>,
		messages: NonZeroU32,
		work: impl FnOnce() -> Result<T, PublishError> + Send + 'static,
	) -> Result<T, PublishError> {
		// Counted from here, so that requests waiting for the rate are bounded too.
		let _held = Held::take(&self.shared, connection)?;
		if let Some(id) = connection {
			self.wait_for_rate(id, messages).await?;
		}
		let (answer, answered) = oneshot::channel();
		let job: Job = Box::new(move || {
			// A requester that went (its connection closed) costs no work.
			if !answer.is_closed() {
				let _ = answer.send(work());
			}
		});
		if self.shared.push(connection, job) {
			let drainer = Drainer { shared: self.shared.clone(), stopped: false };
			(self.spawner)(Box::new(move || drainer.drain()));
		}
		answered
			.await
			.map_err(|_| PublishError::Unavailable("the relay dropped the request".into()))?
	}

	async fn wait_for_rate(&self, connection: usize, messages: NonZeroU32) -> Result<(), PublishError> {
		let prune_at = self.prune_at.load(Ordering::Relaxed);
		if self.rates.len() >= prune_at {
			self.rates.retain_recent();
			// Pruned again only once the connections kept have doubled: a map of many busy
			// connections is not scanned at every request.
			let next = self.rates.len().saturating_mul(2).max(RATES_BEFORE_PRUNING);
			self.prune_at.store(next, Ordering::Relaxed);
		}
		loop {
			match self.rates.check_key_n(&connection, messages) {
				Ok(Ok(())) => return Ok(()),
				// Waits on the async threads' own timer (governor's would wake a thread of its
				// own).
				Ok(Err(not_until)) => {
					tokio::time::sleep(not_until.wait_time_from(self.clock.now())).await
				},
				Err(_) => {
					return Err(PublishError::BatchTooLarge {
						count: messages.get() as usize,
						max: self.burst.get() as usize,
					})
				},
			}
		}
	}

}

/// A request in the relay's hands, counted against its connection's until dropped.
struct Held {
	shared: Arc<Shared>,
	connection: Option<usize>,
}

impl Held {
	fn take(shared: &Arc<Shared>, connection: Option<usize>) -> Result<Self, PublishError> {
		let mut queue = shared.queue.lock();
		let held = queue.held.entry(connection).or_default();
		if *held >= MAX_WAITING_PER_CONNECTION {
			return Err(PublishError::TooManyWaiting { max: MAX_WAITING_PER_CONNECTION });
		}
		*held += 1;
		Ok(Self { shared: shared.clone(), connection })
	}
}

impl Drop for Held {
	fn drop(&mut self) {
		let mut queue = self.shared.queue.lock();
		if let Some(held) = queue.held.get_mut(&self.connection) {
			*held = held.saturating_sub(1);
			if *held == 0 {
				queue.held.remove(&self.connection);
			}
		}
	}
}

impl Shared {
	/// Queues `job` in `connection`'s turn; whether a new thread should drain the queue (it
	/// is then counted as draining).
	fn push(&self, connection: Option<usize>, job: Job) -> bool {
		let mut queue = self.queue.lock();
		let waiting = queue.waiting.entry(connection).or_default();
		let first = waiting.is_empty();
		waiting.push_back(job);
		if first {
			queue.turns.push_back(connection);
		}
		let start_thread = queue.draining < self.threads;
		if start_thread {
			queue.draining += 1;
		}
		start_thread
	}

	/// Takes the next connection's oldest request; `None`, and one thread fewer draining, once
	/// nothing waits (under the same lock as [`Self::push`] looks, so that no request is left
	/// without a thread).
	fn next_or_stop(&self) -> Option<Job> {
		let mut queue = self.queue.lock();
		while let Some(connection) = queue.turns.pop_front() {
			let Some(waiting) = queue.waiting.get_mut(&connection) else { continue };
			let job = waiting.pop_front();
			if waiting.is_empty() {
				queue.waiting.remove(&connection);
			} else {
				queue.turns.push_back(connection);
			}
			if job.is_some() {
				return job;
			}
		}
		queue.draining = queue.draining.saturating_sub(1);
		None
	}
}

/// A thread's draining of the queue: counted from before the thread is asked for, so that
/// one the runtime never runs (it is shutting down) does not count for ever.
struct Drainer {
	shared: Arc<Shared>,
	stopped: bool,
}

impl Drainer {
	/// Works until nothing waits: under load, one thread takes request after request without
	/// sleeping in between.
	fn drain(mut self) {
		while let Some(job) = self.shared.next_or_stop() {
			// A request that panics is answered with an error (its answer channel drops); the
			// thread goes on serving the others.
			if std::panic::catch_unwind(std::panic::AssertUnwindSafe(job)).is_err() {
				log::error!(target: "msec::relay", "a relay request panicked");
			}
		}
		self.stopped = true;
	}
}

impl Drop for Drainer {
	fn drop(&mut self) {
		if !self.stopped {
			let mut queue = self.shared.queue.lock();
			queue.draining = queue.draining.saturating_sub(1);
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const ONE: NonZeroU32 = NonZeroU32::MIN;

	#[tokio::test]
	async fn a_flooding_connection_cannot_make_another_wait_behind_its_backlog() {
		let admission = Arc::new(Admission::new(1, NonZeroU32::MAX, tokio_spawner()));
		// The one thread is busy while connection 1 sends ten requests, then connection 2 one.
		let (release, released) = std::sync::mpsc::channel::<()>();
		let busy = admission.clone();
		let busy = tokio::spawn(async move {
			busy.run(Some(0), ONE, move || {
				released.recv().map_err(|_| PublishError::Unavailable("test".into()))
			})
			.await
		});
		tokio::time::sleep(std::time::Duration::from_millis(1)).await;
		let (order_in, order) = std::sync::mpsc::channel();
		let mut requests = Vec::new();
		for request in (0..10).map(|n| (1, n)).chain([(2, 0)]) {
			let (admission, order_in) = (admission.clone(), order_in.clone());
			requests.push(tokio::spawn(async move {
				admission
					.run(Some(request.0), ONE, move || {
						order_in.send(request).map_err(|_| PublishError::Unavailable("test".into()))
					})
					.await
			}));
			// Each request is queued before the next comes.
			tokio::time::sleep(std::time::Duration::from_millis(1)).await;
		}
		release.send(()).expect("the busy request waits");
		busy.await.expect("ran").expect("released");
		for request in requests {
			request.await.expect("ran").expect("served");
		}
		let served: Vec<(usize, u32)> = order.try_iter().collect();
		assert_eq!(served.len(), 11);
		let position = served.iter().position(|request| *request == (2, 0));
		assert_eq!(position, Some(1), "connection 2 waits for one of 1's, not ten: {served:?}");
	}

	#[tokio::test]
	async fn a_connection_over_its_rate_waits_and_others_do_not() {
		let one_per_second = NonZeroU32::new(1).expect("non-zero");
		let admission = Admission::new(1, one_per_second, tokio_spawner());
		assert_eq!(admission.run(Some(1), ONE, || Ok(1)).await, Ok(1), "the burst's one request");
		let second = tokio::time::timeout(
			std::time::Duration::from_millis(200),
			admission.run(Some(1), ONE, || Ok(2)),
		);
		assert!(second.await.is_err(), "the next waits for its second");
		assert_eq!(admission.run(Some(2), ONE, || Ok(3)).await, Ok(3), "another connection does not");
	}

	#[tokio::test]
	async fn a_batch_counts_its_messages_against_the_connections_rate() {
		let ten = NonZeroU32::new(10).expect("non-zero");
		let admission = Admission::new(1, ten, tokio_spawner());
		assert_eq!(admission.run(Some(1), ten, || Ok(1)).await, Ok(1), "a burst's worth at once");
		let next = tokio::time::timeout(
			std::time::Duration::from_millis(50),
			admission.run(Some(1), ONE, || Ok(2)),
		);
		assert!(next.await.is_err(), "the next message waits");
		let eleven = NonZeroU32::new(11).expect("non-zero");
		assert_eq!(
			admission.run(Some(2), eleven, || Ok(3)).await,
			Err(PublishError::BatchTooLarge { count: 11, max: 10 }),
			"more than a burst could never pass"
		);
	}

	#[tokio::test]
	async fn a_connection_with_too_many_requests_waiting_is_refused_more() {
		let admission = Arc::new(Admission::new(1, NonZeroU32::MAX, tokio_spawner()));
		let (release, released) = std::sync::mpsc::channel::<()>();
		let released = Arc::new(Mutex::new(released));
		let mut waiting = Vec::new();
		// One running and the rest waiting: as many as a connection may have.
		for _ in 0..MAX_WAITING_PER_CONNECTION {
			let (admission, released) = (admission.clone(), released.clone());
			waiting.push(tokio::spawn(async move {
				admission
					.run(Some(7), ONE, move || {
						released.lock().recv().map_err(|_| PublishError::Unavailable("test".into()))
					})
					.await
			}));
			tokio::time::sleep(std::time::Duration::from_millis(1)).await;
		}
		let refused = admission.run(Some(7), ONE, || Ok(())).await;
		assert_eq!(refused, Err(PublishError::TooManyWaiting { max: MAX_WAITING_PER_CONNECTION }));
		for _ in 0..MAX_WAITING_PER_CONNECTION {
			release.send(()).expect("requests wait");
		}
		for request in waiting {
			request.await.expect("ran").expect("served");
		}
		assert_eq!(admission.run(Some(7), ONE, || Ok(7)).await, Ok(7), "served again once answered");
	}
}
