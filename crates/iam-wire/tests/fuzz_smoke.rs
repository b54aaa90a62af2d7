//! The `query_decode` and `sigv4_parse` fuzz targets (fuzz/src/wire.rs) run on stable by
//! `cargo test`: realistic seeds, then a few thousand mutants from a fixed seed.
//! Real fuzzing: fuzz/README.md.

#[path = "../../../fuzz/src/mutate.rs"]
mod mutate;
#[path = "../../../fuzz/src/wire.rs"]
mod wire;

const QUERY_SEEDS: &[&str] = &[
    "Action=CreateUser&Version=2010-05-08&UserName=alice&Path=%2Fteam%2F&Tags.member.1.Key=team&Tags.member.1.Value=platform",
    "Action=PutUserPolicy&Version=2010-05-08&UserName=alice&PolicyName=p&PolicyDocument=%7B%22Version%22%3A%222012-10-17%22%7D",
    "Action=SimulatePrincipalPolicy&PolicySourceArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Auser%2Falice&ActionNames.member.1=iam%3AGetUser&ContextEntries.member.1.ContextKeyName=aws%3ASourceIp&ContextEntries.member.1.ContextKeyValues.member.1=10.0.0.1&ContextEntries.member.1.ContextKeyType=ip&MaxItems=10",
    "Action=UpdateAccountPasswordPolicy&MinimumPasswordLength=14&RequireSymbols=true&MaxPasswordAge=90",
    "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&RoleSessionName=s+1&DurationSeconds=3600&PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess",
    "Action=UpdateAccessKey&AccessKeyId=AKIAIOSFODNN7EXAMPLE&Status=Inactive&UserName=",
];

const QUERY_DICTIONARY: &[&str] = &[
    "&",
    "=",
    "%",
    "%zz",
    "%FF",
    "+",
    ".member.",
    ".member.0",
    ".member.999999999999",
    ".entry.1.key",
    "Action=",
    "MaxItems=",
    "-1",
    "99999999999999999999",
    "true",
    "TRUE",
    "Tags.member.1.Key=",
    "UserName=",
    "PolicyDocument=",
    "Marker=",
    "\u{0}",
];

const SIGV4_SEEDS: &[&str] = &[
    "POST /\nhost: iam.amazonaws.com\ncontent-type: application/x-www-form-urlencoded; charset=utf-8\nx-amz-date: 20150830T123600Z\nauthorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7\n\nAction=ListUsers&Version=2010-05-08",
    "GET /?Action=ListUsers&Version=2010-05-08&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fiam%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=aa\nhost: iam.amazonaws.com\n",
    "POST /\nHost: sts.amazonaws.com\nDate: Sun, 30 Aug 2015 12:36:00 GMT\nX-Amz-Security-Token: token\nAuthorization: AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/sts/aws4_request,SignedHeaders=date;host,Signature=00\n\n",
];

const SIGV4_DICTIONARY: &[&str] = &[
    "AWS4-HMAC-SHA256",
    "Credential=",
    "SignedHeaders=",
    "Signature=",
    ", ",
    ",",
    "/",
    "aws4_request",
    "\nauthorization: ",
    "\nx-amz-date: ",
    "X-Amz-Algorithm=",
    "X-Amz-Expires=99999999999999999999",
    "20150830T123600Z",
    "Sun, 30 Aug 2015 12:36:00 GMT",
    ";",
    "=",
    "%",
    " ",
    "\t",
    "\u{e9}",
];

fn run(seeds: &[&str], dictionary: &[&str], seed: u64, body: fn(&[u8])) {
    for s in seeds {
        body(s.as_bytes());
    }
    let mut rng = mutate::Rng::new(seed);
    let mut current = Vec::new();
    for i in 0..3000 {
        if i % 4 != 3 {
            current = seeds[rng.below(seeds.len())].as_bytes().to_vec();
        }
        let other = seeds[rng.below(seeds.len())].as_bytes();
        current = mutate::mutate(&mut rng, &current, other, dictionary);
        body(&current);
    }
}

#[test]
fn query_decode_survives_mutants() {
    run(
        QUERY_SEEDS,
        QUERY_DICTIONARY,
        0x9e37_79b9,
        wire::query_decode,
    );
}

#[test]
fn sigv4_parse_survives_mutants() {
    run(
        SIGV4_SEEDS,
        SIGV4_DICTIONARY,
        0xc0ff_ee11,
        wire::sigv4_parse,
    );
}
