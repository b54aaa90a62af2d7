//! Persistence by construction (invariant 24): every change a request makes to a persisted
//! entity goes through one of these methods, which write the entity's record into the
//! mutation's `Tx` and change the working set, with the indexes derived from it, in the same
//! step. A handler cannot update memory and forget the store, or the reverse.
//!
//! `put_X` stores a new or updated entity; `update_X` changes one in place and returns what
//! the change returned (`None`: no such entity, nothing written); `delete_X` removes one and
//! returns it (`None`: no such entity, nothing written). Checks are the caller's: it validates
//! first, then mutates, so a request that fails has changed nothing.
use super::*;

/// The key of the owner indexes (`user_keys`, `signing_certs`, `mfa_by_owner`): the user's ID,
/// `None` for the root user.
fn owner_key(owner: &KeyOwner) -> Option<String> {
    match owner {
        KeyOwner::Root => None,
        KeyOwner::User(id) => Some(id.clone()),
    }
}

impl AccountState {
    /// Changes the account record (aliases, password policy, STS preferences…) and writes it
    /// in the same step.
    pub fn update_account(&mut self, tx: &mut Tx, change: impl FnOnce(&mut Account)) {
        change(&mut self.account);
        tx.put(KIND_ACCOUNT, &self.account.id.clone(), &self.account);
    }

    /// Writes a user (new or updated) and stores it, keeping the name, group-member,
    /// attachment and boundary indexes in step.
    pub fn put_user(&mut self, tx: &mut Tx, user: User) {
        tx.put(KIND_USER, &user.id, &user);
        self.replace_user(user);
    }

    /// Deletes a user's record and removes it with its indexes, its compiled inline policies
    /// and its (empty) access key list.
    pub fn delete_user(&mut self, tx: &mut Tx, id: &str) -> Option<User> {
        let user = self.users.remove(id)?;
        tx.delete(KIND_USER, id);
        self.unindex_user(&user);
        for name in user.inline_policies.keys() {
            self.compiled.remove(&compiled_key_user(id, name));
        }
        self.user_keys.remove(&Some(id.to_string()));
        Some(user)
    }

    /// `put_user` for a group (name and attachment indexes).
    pub fn put_group(&mut self, tx: &mut Tx, group: Group) {
        tx.put(KIND_GROUP, &group.id, &group);
        self.replace_group(group);
    }

    /// Deletes a group's record and removes it with its indexes, member set and compiled
    /// inline policies.
    pub fn delete_group(&mut self, tx: &mut Tx, id: &str) -> Option<Group> {
        let group = self.groups.remove(id)?;
        tx.delete(KIND_GROUP, id);
        self.unindex_group(&group);
        self.group_members.remove(id);
        for name in group.inline_policies.keys() {
            self.compiled.remove(&compiled_key_group(id, name));
        }
        Some(group)
    }

    /// `put_user` for a role (name, attachment and boundary indexes); its compiled trust and
    /// inline policies are kept by the caller.
    pub fn put_role(&mut self, tx: &mut Tx, role: Role) {
        tx.put(KIND_ROLE, &role.id, &role);
        self.replace_role(role);
    }

    /// Deletes a role's record and removes it with its indexes and compiled policies.
    pub fn delete_role(&mut self, tx: &mut Tx, id: &str) -> Option<Role> {
        let role = self.remove_role(id)?;
        tx.delete(KIND_ROLE, id);
        Some(role)
    }

    /// Writes a managed policy (new or updated) and stores it with its name index (a policy's
    /// name never changes); its compiled form is kept by the caller.
    pub fn put_policy(&mut self, tx: &mut Tx, policy: ManagedPolicy) {
        tx.put(KIND_POLICY, &policy.id, &policy);
        self.policy_names
            .insert(policy.name.to_lowercase(), policy.id.clone());
        self.policies.insert(policy.id.clone(), policy);
    }

    /// Deletes a managed policy's record and removes it with its name index, compiled form and
    /// (empty) attachment set.
    pub fn delete_policy(&mut self, tx: &mut Tx, id: &str) -> Option<ManagedPolicy> {
        let policy = self.policies.remove(id)?;
        tx.delete(KIND_POLICY, id);
        self.compiled.remove(&compiled_key_managed(id));
        self.policy_names.remove(&policy.name.to_lowercase());
        self.attachments.remove(&policy.arn(self.account.partition));
        Some(policy)
    }

    /// Writes an instance profile (new or updated) and stores it with its name index (a
    /// profile's name never changes).
    pub fn put_instance_profile(&mut self, tx: &mut Tx, profile: InstanceProfile) {
        tx.put(KIND_INSTANCE_PROFILE, &profile.id, &profile);
        self.instance_profile_names
            .insert(profile.name.to_lowercase(), profile.id.clone());
        self.instance_profiles.insert(profile.id.clone(), profile);
    }

    /// Deletes an instance profile's record and removes it with its name index.
    pub fn delete_instance_profile(&mut self, tx: &mut Tx, id: &str) -> Option<InstanceProfile> {
        let profile = self.instance_profiles.remove(id)?;
        tx.delete(KIND_INSTANCE_PROFILE, id);
        self.instance_profile_names
            .remove(&profile.name.to_lowercase());
        Some(profile)
    }

    /// Writes an OpenID Connect provider (new or updated) and stores it by ARN.
    pub fn put_oidc_provider(&mut self, tx: &mut Tx, provider: OidcProvider) {
        tx.put(KIND_OIDC_PROVIDER, &provider.arn, &provider);
        self.oidc_providers.insert(provider.arn.clone(), provider);
    }

    /// Deletes an OpenID Connect provider's record and removes it.
    pub fn delete_oidc_provider(&mut self, tx: &mut Tx, arn: &str) -> Option<OidcProvider> {
        let provider = self.oidc_providers.remove(arn)?;
        tx.delete(KIND_OIDC_PROVIDER, arn);
        Some(provider)
    }

    /// Writes a SAML provider (new or updated) and stores it by ARN.
    pub fn put_saml_provider(&mut self, tx: &mut Tx, provider: SamlProvider) {
        tx.put(KIND_SAML_PROVIDER, &provider.arn, &provider);
        self.saml_providers.insert(provider.arn.clone(), provider);
    }

    /// Deletes a SAML provider's record and removes it.
    pub fn delete_saml_provider(&mut self, tx: &mut Tx, arn: &str) -> Option<SamlProvider> {
        let provider = self.saml_providers.remove(arn)?;
        tx.delete(KIND_SAML_PROVIDER, arn);
        Some(provider)
    }

    /// Writes a server certificate (new or updated) and stores it by lower-case name; a
    /// renamed certificate's entry under its old name goes.
    pub fn put_server_cert(&mut self, tx: &mut Tx, cert: ServerCertificateRecord) {
        tx.put(KIND_SERVER_CERT, &cert.id, &cert);
        self.server_certs.retain(|_, c| c.id != cert.id);
        self.server_certs.insert(cert.name.to_lowercase(), cert);
    }

    /// Deletes the server certificate named `name` (case-insensitively) and its record.
    pub fn delete_server_cert(
        &mut self,
        tx: &mut Tx,
        name: &str,
    ) -> Option<ServerCertificateRecord> {
        let cert = self.server_certs.remove(&name.to_lowercase())?;
        tx.delete(KIND_SERVER_CERT, &cert.id);
        Some(cert)
    }

    /// Writes a signing certificate (new or updated) and stores it under its owner.
    pub fn put_signing_cert(&mut self, tx: &mut Tx, cert: SigningCertificateRecord) {
        tx.put(KIND_SIGNING_CERT, &cert.id, &cert);
        self.signing_certs
            .insert((owner_key(&cert.owner), cert.id.clone()), cert);
    }

    /// Changes the signing certificate `id` of `owner` (`None`: the root user) and writes it.
    pub fn update_signing_cert<R>(
        &mut self,
        tx: &mut Tx,
        owner: Option<&str>,
        id: &str,
        change: impl FnOnce(&mut SigningCertificateRecord) -> R,
    ) -> Option<R> {
        let key = (owner.map(str::to_string), id.to_string());
        let cert = self.signing_certs.get_mut(&key)?;
        let out = change(cert);
        tx.put(KIND_SIGNING_CERT, &cert.id, &*cert);
        Some(out)
    }

    /// Deletes the signing certificate `id` of `owner` (`None`: the root user) and its record.
    pub fn delete_signing_cert(
        &mut self,
        tx: &mut Tx,
        owner: Option<&str>,
        id: &str,
    ) -> Option<SigningCertificateRecord> {
        let key = (owner.map(str::to_string), id.to_string());
        let cert = self.signing_certs.remove(&key)?;
        tx.delete(KIND_SIGNING_CERT, &cert.id);
        Some(cert)
    }

    /// Writes an SSH public key (new or updated) and stores it under its user.
    pub fn put_ssh_key(&mut self, tx: &mut Tx, key: SshPublicKeyRecord) {
        tx.put(KIND_SSH_KEY, &key.id, &key);
        self.ssh_keys
            .insert((key.user_id.clone(), key.id.clone()), key);
    }

    /// Changes the SSH public key `id` of user `user_id` and writes it.
    pub fn update_ssh_key<R>(
        &mut self,
        tx: &mut Tx,
        user_id: &str,
        id: &str,
        change: impl FnOnce(&mut SshPublicKeyRecord) -> R,
    ) -> Option<R> {
        let key = self
            .ssh_keys
            .get_mut(&(user_id.to_string(), id.to_string()))?;
        let out = change(key);
        tx.put(KIND_SSH_KEY, &key.id, &*key);
        Some(out)
    }

    /// Deletes the SSH public key `id` of user `user_id` and its record.
    pub fn delete_ssh_key(
        &mut self,
        tx: &mut Tx,
        user_id: &str,
        id: &str,
    ) -> Option<SshPublicKeyRecord> {
        let key = self
            .ssh_keys
            .remove(&(user_id.to_string(), id.to_string()))?;
        tx.delete(KIND_SSH_KEY, &key.id);
        Some(key)
    }

    /// Writes a service-specific credential (new or updated) and stores it under its user.
    pub fn put_service_cred(&mut self, tx: &mut Tx, cred: ServiceSpecificCredentialRecord) {
        tx.put(KIND_SERVICE_CRED, &cred.id, &cred);
        self.service_creds
            .insert((cred.user_id.clone(), cred.id.clone()), cred);
    }

    /// Changes the service-specific credential `id` of user `user_id` and writes it.
    pub fn update_service_cred<R>(
        &mut self,
        tx: &mut Tx,
        user_id: &str,
        id: &str,
        change: impl FnOnce(&mut ServiceSpecificCredentialRecord) -> R,
    ) -> Option<R> {
        let cred = self
            .service_creds
            .get_mut(&(user_id.to_string(), id.to_string()))?;
        let out = change(cred);
        tx.put(KIND_SERVICE_CRED, &cred.id, &*cred);
        Some(out)
    }

    /// Deletes the service-specific credential `id` of user `user_id` and its record.
    pub fn delete_service_cred(
        &mut self,
        tx: &mut Tx,
        user_id: &str,
        id: &str,
    ) -> Option<ServiceSpecificCredentialRecord> {
        let cred = self
            .service_creds
            .remove(&(user_id.to_string(), id.to_string()))?;
        tx.delete(KIND_SERVICE_CRED, &cred.id);
        Some(cred)
    }

    /// Writes a virtual MFA device (new or updated) and stores it, keeping the name and owner
    /// indexes in step.
    pub fn store_mfa_device(&mut self, tx: &mut Tx, entry: MfaEntry) {
        tx.put(KIND_MFA, &entry.record.serial_number, &entry.record);
        self.put_mfa_device(entry);
    }

    /// Deletes a virtual MFA device's record and removes it with its name and owner indexes.
    pub fn delete_mfa_device(&mut self, tx: &mut Tx, serial: &str) -> Option<MfaEntry> {
        let entry = self.remove_mfa_device(serial)?;
        tx.delete(KIND_MFA, serial);
        Some(entry)
    }

    /// Stores a device (new or updated) in the working set only, keeping the name and owner
    /// indexes in step: start-up, and `store_mfa_device`.
    pub(crate) fn put_mfa_device(&mut self, entry: MfaEntry) {
        let serial = entry.record.serial_number.clone();
        if let Some(old) = self.mfa_devices.remove(&serial)
            && let Some(a) = &old.record.assignment
            && let Some(set) = self.mfa_by_owner.get_mut(&owner_key(&a.owner))
        {
            set.remove(&serial);
        }
        self.mfa_names
            .insert(entry.record.name.to_lowercase(), serial.clone());
        if let Some(a) = &entry.record.assignment {
            self.mfa_by_owner
                .entry(owner_key(&a.owner))
                .or_default()
                .insert(serial.clone());
        }
        self.mfa_devices.insert(serial, entry);
    }

    pub(crate) fn remove_mfa_device(&mut self, serial: &str) -> Option<MfaEntry> {
        let old = self.mfa_devices.remove(serial)?;
        self.mfa_names.remove(&old.record.name.to_lowercase());
        if let Some(a) = &old.record.assignment
            && let Some(set) = self.mfa_by_owner.get_mut(&owner_key(&a.owner))
        {
            set.remove(serial);
        }
        Some(old)
    }
}

impl State {
    /// A new account: its record, and its empty working set.
    pub fn put_account(&mut self, tx: &mut Tx, account: Account) {
        tx.put(KIND_ACCOUNT, &account.id, &account);
        self.accounts
            .insert(account.id.clone(), AccountState::new(account));
    }
    /// Writes a new access key and stores it, with its secret, in the global key map and in
    /// its account's owner index.
    pub fn put_access_key(&mut self, tx: &mut Tx, entry: KeyEntry) {
        let record = &entry.record;
        tx.put(KIND_KEY, &record.id, record);
        if let Some(acct) = self.accounts.get_mut(&record.account_id) {
            let keys = acct.user_keys.entry(owner_key(&record.owner)).or_default();
            if !keys.contains(&record.id) {
                keys.push(record.id.clone());
            }
        }
        self.keys.insert(record.id.clone(), entry);
    }

    /// Changes the record of access key `id` (status…) and writes it.
    pub fn update_access_key<R>(
        &mut self,
        tx: &mut Tx,
        id: &str,
        change: impl FnOnce(&mut AccessKeyRecord) -> R,
    ) -> Option<R> {
        let entry = self.keys.get_mut(id)?;
        let out = change(&mut entry.record);
        tx.put(KIND_KEY, id, &entry.record);
        Some(out)
    }

    /// Deletes access key `id` and its record, from the global key map and from its account's
    /// owner index.
    pub fn delete_access_key(&mut self, tx: &mut Tx, id: &str) -> Option<KeyEntry> {
        let entry = self.keys.remove(id)?;
        tx.delete(KIND_KEY, id);
        let owner = owner_key(&entry.record.owner);
        if let Some(acct) = self.accounts.get_mut(&entry.record.account_id)
            && let Some(keys) = acct.user_keys.get_mut(&owner)
        {
            keys.retain(|k| k != id);
            if keys.is_empty() {
                acct.user_keys.remove(&owner);
            }
        }
        Some(entry)
    }
}
