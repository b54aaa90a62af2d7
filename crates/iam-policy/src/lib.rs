//! The AWS IAM policy language: parsing, validation with AWS's exact MalformedPolicyDocument
//! messages, and evaluation returning a decision with the statements that produced it.
//! Pure: no I/O, no async, no crate of ours.
