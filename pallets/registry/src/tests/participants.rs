use frame_support::{assert_noop, assert_ok};
use msec_primitives::CountryCode;
use sp_runtime::DispatchError;

use crate::{mock::*, Error, Event, Jurisdiction, Participants, Roles};

fn buyer() -> Roles {
	Roles { provider: false, buyer: true, security: false }
}

#[test]
fn registrar_registers_a_participant() {
	build_and_execute(|| {
		assert_ok!(Registry::register_participant(
			RuntimeOrigin::root(),
			STRANGER,
			Jurisdiction::Japan,
			buyer()
		));
		let participant = Participants::<Test>::get(STRANGER).unwrap();
		assert_eq!((participant.jurisdiction, participant.roles), (Jurisdiction::Japan, buyer()));
		assert_eq!(participant.registered_at, 1);
		assert_eq!(
			last_event(),
			Event::ParticipantRegistered {
				who: STRANGER,
				jurisdiction: Jurisdiction::Japan,
				roles: buyer()
			}
		);
	});
}

#[test]
fn register_participant_fails_for_anyone_but_the_registrar() {
	build_and_execute(|| {
		assert_noop!(
			Registry::register_participant(
				RuntimeOrigin::signed(PROVIDER),
				STRANGER,
				Jurisdiction::Eu,
				buyer()
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn register_participant_fails_when_already_registered() {
	build_and_execute(|| {
		assert_noop!(
			Registry::register_participant(RuntimeOrigin::root(), BUYER, Jurisdiction::Eu, buyer()),
			Error::<Test>::AlreadyExists
		);
	});
}

#[test]
fn register_participant_fails_with_a_malformed_or_disguised_country() {
	build_and_execute(|| {
		for code in [*b"jp", *b"JP", *b"EU", *b"1A"] {
			assert_noop!(
				Registry::register_participant(
					RuntimeOrigin::root(),
					STRANGER,
					Jurisdiction::Other(CountryCode(code)),
					buyer()
				),
				Error::<Test>::InvalidJurisdiction
			);
		}
	});
}

#[test]
fn register_participant_fails_without_roles() {
	build_and_execute(|| {
		assert_noop!(
			Registry::register_participant(
				RuntimeOrigin::root(),
				STRANGER,
				Jurisdiction::Eu,
				Roles::default()
			),
			Error::<Test>::NoRoles
		);
	});
}

#[test]
fn registrar_updates_a_participant() {
	build_and_execute(|| {
		let roles = Roles { provider: true, buyer: true, security: false };
		assert_ok!(Registry::update_participant(
			RuntimeOrigin::root(),
			BUYER,
			Jurisdiction::Eu,
			roles
		));
		let participant = Participants::<Test>::get(BUYER).unwrap();
		assert_eq!((participant.jurisdiction, participant.roles), (Jurisdiction::Eu, roles));
		assert_eq!(
			last_event(),
			Event::ParticipantUpdated { who: BUYER, jurisdiction: Jurisdiction::Eu, roles }
		);
	});
}

#[test]
fn update_participant_fails_for_the_unknown_the_invalid_and_other_origins() {
	build_and_execute(|| {
		assert_noop!(
			Registry::update_participant(
				RuntimeOrigin::root(),
				STRANGER,
				Jurisdiction::Eu,
				buyer()
			),
			Error::<Test>::NotFound
		);
		assert_noop!(
			Registry::update_participant(
				RuntimeOrigin::root(),
				BUYER,
				Jurisdiction::Eu,
				Roles::default()
			),
			Error::<Test>::NoRoles
		);
		assert_noop!(
			Registry::update_participant(
				RuntimeOrigin::root(),
				BUYER,
				Jurisdiction::Other(CountryCode(*b"JP")),
				buyer()
			),
			Error::<Test>::InvalidJurisdiction
		);
		assert_noop!(
			Registry::update_participant(
				RuntimeOrigin::signed(BUYER),
				BUYER,
				Jurisdiction::Eu,
				buyer()
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn update_participant_fails_when_it_takes_the_provider_role_from_a_device_owner() {
	build_and_execute(|| {
		assert_noop!(
			Registry::update_participant(
				RuntimeOrigin::root(),
				PROVIDER,
				Jurisdiction::Eu,
				buyer()
			),
			Error::<Test>::HasDevices
		);
	});
}

#[test]
fn registrar_removes_a_participant() {
	build_and_execute(|| {
		assert_ok!(Registry::remove_participant(RuntimeOrigin::root(), BUYER));
		assert!(!Participants::<Test>::contains_key(BUYER));
		assert_eq!(last_event(), Event::ParticipantRemoved { who: BUYER });
	});
}

#[test]
fn remove_participant_fails_for_the_unknown_device_owners_and_other_origins() {
	build_and_execute(|| {
		assert_noop!(
			Registry::remove_participant(RuntimeOrigin::root(), STRANGER),
			Error::<Test>::NotFound
		);
		assert_noop!(
			Registry::remove_participant(RuntimeOrigin::root(), PROVIDER),
			Error::<Test>::HasDevices
		);
		assert_noop!(
			Registry::remove_participant(RuntimeOrigin::signed(SECURITY), BUYER),
			DispatchError::BadOrigin
		);
	});
}
