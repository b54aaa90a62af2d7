//! Groups through the AWS SDK: CreateGroup, GetGroup, UpdateGroup, DeleteGroup, ListGroups,
//! AddUserToGroup, RemoveUserFromGroup, ListGroupsForUser
//! (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateGroup.html and siblings).
use crate::common;

use common::{Server, api_error, policy_doc};
use std::collections::BTreeSet;

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

#[tokio::test]
async fn create_and_get_group() {
    let s = Server::start().await;
    let iam = s.iam_client();
    let group = iam
        .create_group()
        .group_name("devs")
        .path("/eng/")
        .send()
        .await
        .unwrap()
        .group
        .unwrap();
    assert_eq!(group.group_name, "devs");
    assert_eq!(group.path, "/eng/");
    assert_eq!(
        group.arn,
        format!("arn:aws:iam::{}:group/eng/devs", s.account_id)
    );
    assert!(group.group_id.starts_with("AGPA"), "{}", group.group_id);
    assert_eq!(group.group_id.len(), 21);

    let got = iam.get_group().group_name("devs").send().await.unwrap();
    let g = got.group.unwrap();
    assert_eq!(g.group_id, group.group_id);
    assert_eq!(g.arn, group.arn);
    assert!(got.users.is_empty());
    assert!(!got.is_truncated);

    api_error(iam.create_group().group_name("devs").send().await)
        .expect(409, "EntityAlreadyExists")
        .message_is("Group with name devs already exists.");
    api_error(iam.create_group().group_name("DEVS").send().await)
        .expect(409, "EntityAlreadyExists");
    api_error(iam.get_group().group_name("ghost").send().await)
        .expect(404, "NoSuchEntity")
        .message_is("The group with name ghost cannot be found.");
    api_error(iam.create_group().group_name("bad name").send().await)
        .expect(400, "ValidationError");
}

#[tokio::test]
async fn membership_add_remove_and_list_groups_for_user() {
    let s = Server::start().await;
    let iam = s.iam_client();
    iam.create_user().user_name("alice").send().await.unwrap();
    iam.create_user().user_name("bob").send().await.unwrap();
    iam.create_group().group_name("devs").send().await.unwrap();
    iam.create_group().group_name("ops").send().await.unwrap();
    for (g, u) in [("devs", "alice"), ("devs", "bob"), ("ops", "alice")] {
        iam.add_user_to_group()
            .group_name(g)
            .user_name(u)
            .send()
            .await
            .unwrap();
    }
    // Adding again is not an error.
    iam.add_user_to_group()
        .group_name("devs")
        .user_name("alice")
        .send()
        .await
        .unwrap();

    let members = iam.get_group().group_name("devs").send().await.unwrap();
    let names: BTreeSet<String> = members.users.into_iter().map(|u| u.user_name).collect();
    assert_eq!(names, set(&["alice", "bob"]));

    let groups = iam
        .list_groups_for_user()
        .user_name("alice")
        .send()
        .await
        .unwrap();
    let names: BTreeSet<String> = groups.groups.into_iter().map(|g| g.group_name).collect();
    assert_eq!(names, set(&["devs", "ops"]));
    assert!(!groups.is_truncated);

    iam.remove_user_from_group()
        .group_name("devs")
        .user_name("alice")
        .send()
        .await
        .unwrap();
    let groups = iam
        .list_groups_for_user()
        .user_name("alice")
        .send()
        .await
        .unwrap();
    let names: BTreeSet<String> = groups.groups.into_iter().map(|g| g.group_name).collect();
    assert_eq!(names, set(&["ops"]));
    let members = iam.get_group().group_name("devs").send().await.unwrap();
    let names: BTreeSet<String> = members.users.into_iter().map(|u| u.user_name).collect();
    assert_eq!(names, set(&["bob"]));

    // Errors.
    api_error(
        iam.add_user_to_group()
            .group_name("devs")
            .user_name("ghost")
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity")
    .message_is("The user with name ghost cannot be found.");
    api_error(
        iam.add_user_to_group()
            .group_name("ghosts")
            .user_name("alice")
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity")
    .message_is("The group with name ghosts cannot be found.");
    api_error(
        iam.remove_user_from_group()
            .group_name("ghosts")
            .user_name("alice")
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity")
    .message_is("The group with name ghosts cannot be found.");
    api_error(
        iam.remove_user_from_group()
            .group_name("devs")
            .user_name("ghost")
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity")
    .message_is("The user with name ghost cannot be found.");
    // Neither exists: the user is looked up first (recorded: aws-recorded/iam/
    // test_iam_groups.snapshot.json `remove-from-unknown-group`, RemoveUserFromGroup of
    // `any-user` from `non-existent-group`: 404).
    api_error(
        iam.remove_user_from_group()
            .group_name("ghosts")
            .user_name("ghost")
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity")
    .message_is("The user with name ghost cannot be found.");
    api_error(
        iam.add_user_to_group()
            .group_name("ghosts")
            .user_name("ghost")
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity")
    .message_is("The user with name ghost cannot be found.");
    // Removing a user who is not a member succeeds and changes nothing (recorded:
    // test_iam_users.snapshot.json `remove-nonmember-user-from-group`: 200).
    iam.remove_user_from_group()
        .group_name("devs")
        .user_name("alice")
        .send()
        .await
        .unwrap();
    let members = iam.get_group().group_name("devs").send().await.unwrap();
    let names: BTreeSet<String> = members.users.into_iter().map(|u| u.user_name).collect();
    assert_eq!(names, set(&["bob"]));
    api_error(iam.list_groups_for_user().user_name("ghost").send().await)
        .expect(404, "NoSuchEntity");
}

#[tokio::test]
async fn get_group_paginates_users() {
    let s = Server::start().await;
    let iam = s.iam_client();
    iam.create_group().group_name("big").send().await.unwrap();
    let expected: BTreeSet<String> = (0..5).map(|i| format!("member{i}")).collect();
    for name in &expected {
        iam.create_user().user_name(name).send().await.unwrap();
        iam.add_user_to_group()
            .group_name("big")
            .user_name(name)
            .send()
            .await
            .unwrap();
    }
    let first = iam
        .get_group()
        .group_name("big")
        .max_items(2)
        .send()
        .await
        .unwrap();
    assert_eq!(first.users.len(), 2);
    assert!(first.is_truncated);
    assert_eq!(first.group.unwrap().group_name, "big");
    let mut seen: BTreeSet<String> = first.users.into_iter().map(|u| u.user_name).collect();
    let mut marker = first.marker;
    while let Some(m) = marker {
        let page = iam
            .get_group()
            .group_name("big")
            .max_items(2)
            .marker(m)
            .send()
            .await
            .unwrap();
        assert!(page.users.len() <= 2);
        assert_eq!(page.is_truncated, page.marker.is_some());
        seen.extend(page.users.into_iter().map(|u| u.user_name));
        marker = page.marker;
    }
    assert_eq!(seen, expected);

    let collected: Vec<_> = iam
        .get_group()
        .group_name("big")
        .into_paginator()
        .page_size(2)
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    let collected: BTreeSet<String> = collected.into_iter().map(|u| u.user_name).collect();
    assert_eq!(collected, expected);
}

#[tokio::test]
async fn update_group_renames_and_keeps_members() {
    let s = Server::start().await;
    let iam = s.iam_client();
    iam.create_user().user_name("alice").send().await.unwrap();
    let original = iam
        .create_group()
        .group_name("devs")
        .send()
        .await
        .unwrap()
        .group
        .unwrap();
    iam.add_user_to_group()
        .group_name("devs")
        .user_name("alice")
        .send()
        .await
        .unwrap();
    iam.update_group()
        .group_name("devs")
        .new_group_name("developers")
        .new_path("/eng/")
        .send()
        .await
        .unwrap();
    let got = iam
        .get_group()
        .group_name("developers")
        .send()
        .await
        .unwrap();
    let g = got.group.unwrap();
    assert_eq!(g.group_id, original.group_id);
    assert_eq!(g.path, "/eng/");
    assert_eq!(
        g.arn,
        format!("arn:aws:iam::{}:group/eng/developers", s.account_id)
    );
    assert_eq!(got.users.len(), 1);
    api_error(iam.get_group().group_name("devs").send().await).expect(404, "NoSuchEntity");
    let groups = iam
        .list_groups_for_user()
        .user_name("alice")
        .send()
        .await
        .unwrap();
    assert_eq!(groups.groups[0].group_name, "developers");

    iam.create_group().group_name("ops").send().await.unwrap();
    api_error(
        iam.update_group()
            .group_name("ops")
            .new_group_name("developers")
            .send()
            .await,
    )
    .expect(409, "EntityAlreadyExists");
    api_error(
        iam.update_group()
            .group_name("ghost")
            .new_group_name("spirit")
            .send()
            .await,
    )
    .expect(404, "NoSuchEntity")
    .message_is("The group with name ghost cannot be found.");
}

#[tokio::test]
async fn delete_group_conflicts_then_succeeds() {
    let s = Server::start().await;
    let iam = s.iam_client();
    iam.create_user().user_name("alice").send().await.unwrap();
    iam.create_group().group_name("devs").send().await.unwrap();
    let delete = || iam.delete_group().group_name("devs").send();

    iam.add_user_to_group()
        .group_name("devs")
        .user_name("alice")
        .send()
        .await
        .unwrap();
    api_error(delete().await)
        .expect(409, "DeleteConflict")
        .message_is("Cannot delete entity, must remove users from group first.");
    iam.remove_user_from_group()
        .group_name("devs")
        .user_name("alice")
        .send()
        .await
        .unwrap();

    let arn = iam
        .create_policy()
        .policy_name("p")
        .policy_document(policy_doc("s3:*"))
        .send()
        .await
        .unwrap()
        .policy
        .unwrap()
        .arn
        .unwrap();
    iam.attach_group_policy()
        .group_name("devs")
        .policy_arn(&arn)
        .send()
        .await
        .unwrap();
    api_error(delete().await)
        .expect(409, "DeleteConflict")
        .message_is("Cannot delete entity, must detach all policies first.");
    iam.detach_group_policy()
        .group_name("devs")
        .policy_arn(&arn)
        .send()
        .await
        .unwrap();

    iam.put_group_policy()
        .group_name("devs")
        .policy_name("inline")
        .policy_document(policy_doc("s3:*"))
        .send()
        .await
        .unwrap();
    api_error(delete().await)
        .expect(409, "DeleteConflict")
        .message_is("Cannot delete entity, must delete policies first.");
    iam.delete_group_policy()
        .group_name("devs")
        .policy_name("inline")
        .send()
        .await
        .unwrap();

    delete().await.unwrap();
    api_error(iam.get_group().group_name("devs").send().await).expect(404, "NoSuchEntity");
    api_error(delete().await)
        .expect(404, "NoSuchEntity")
        .message_is("The group with name devs cannot be found.");
}

#[tokio::test]
async fn list_groups_with_path_prefix_and_pagination() {
    let s = Server::start().await;
    let iam = s.iam_client();
    for (name, path) in [
        ("g1", "/"),
        ("g2", "/eng/"),
        ("g3", "/eng/x/"),
        ("g4", "/ops/"),
    ] {
        iam.create_group()
            .group_name(name)
            .path(path)
            .send()
            .await
            .unwrap();
    }
    let all = iam.list_groups().send().await.unwrap();
    assert!(!all.is_truncated);
    let names: BTreeSet<String> = all.groups.into_iter().map(|g| g.group_name).collect();
    assert_eq!(names, set(&["g1", "g2", "g3", "g4"]));

    let eng = iam.list_groups().path_prefix("/eng/").send().await.unwrap();
    let names: BTreeSet<String> = eng.groups.into_iter().map(|g| g.group_name).collect();
    assert_eq!(names, set(&["g2", "g3"]));

    let page = iam.list_groups().max_items(3).send().await.unwrap();
    assert_eq!(page.groups.len(), 3);
    assert!(page.is_truncated);
    let rest = iam
        .list_groups()
        .max_items(3)
        .marker(page.marker.unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(rest.groups.len(), 1);
    assert!(!rest.is_truncated);

    let collected: Vec<_> = iam
        .list_groups()
        .into_paginator()
        .page_size(1)
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(collected.len(), 4);
}
