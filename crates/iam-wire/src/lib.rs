//! The AWS Query wire protocol for IAM and STS, derived from botocore's service models
//! (`models/*.json.gz`, copied from botocore): request decoding and validation, XML responses,
//! error documents, and SigV4 verification. No knowledge of IAM semantics lives here.

pub mod audit;
pub mod json;
pub mod model;
pub mod query;
pub mod sigv4;
pub mod xml;
