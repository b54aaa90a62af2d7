//! STS actions available to every principal: GetCallerIdentity.
use super::*;
use crate::input::Input;
use crate::service::{Caller, Iam};

impl Iam {
    pub async fn get_caller_identity(&self, caller: &Caller, _input: &Input) -> IamResult<Value> {
        Ok(json!({
            "UserId": caller.user_id(),
            "Account": caller.account_id,
            "Arn": caller.arn(),
        }))
    }
}
