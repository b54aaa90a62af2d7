//! Nothing but the benchmark `benches/evaluate.rs`: iam-policy's decision against
//! cedar-policy's (`cargo bench -p policy-vs-cedar --bench evaluate`).
