//! Date values of the `Date*` operators: ISO 8601 (`2017-07-01T00:00:00Z`) or epoch seconds;
//! IAM User Guide reference_policies_elements_condition_operators.md#Conditions_Date.
//!
//! One reader serves both jobs: refusing the values AWS refuses at CreatePolicy ("The policy
//! failed legacy parsing", whose bounds follow AWS's Java-era parser: years -292275054 to
//! 292278993, epoch 0 to 2^63-1) and turning accepted values into instants to compare.

/// An instant in nanoseconds since 1970-01-01T00:00:00Z.
pub(crate) type Instant = i128;

const NANOS: i128 = 1_000_000_000;

pub(crate) fn parse(value: &str) -> Option<Instant> {
    let lower = value.to_ascii_lowercase();
    if lower.contains('t') || lower.contains('-') {
        iso8601(&lower)
    } else {
        let seconds: i64 = lower.parse().ok()?;
        (seconds >= 0).then(|| i128::from(seconds) * NANOS)
    }
}

fn int_in(text: &str, low: i64, high: i64) -> Option<i64> {
    let n: i64 = text.parse().ok()?;
    (low..=high).contains(&n).then_some(n)
}

fn iso8601(value: &str) -> Option<Instant> {
    let (date, time) = value.split_once('t').unwrap_or((value, ""));
    let (negative, date) = match date.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, date),
    };
    let mut fields = date.split('-');
    let year_text = fields.next()?;
    let year = int_in(year_text, -292_275_054, 292_278_993)?;
    let year = if negative { -year } else { year };
    if negative && !(-292_275_054..=292_278_993).contains(&year) {
        return None;
    }
    let month = fields.next().map_or(Some(1), |m| int_in(m, 1, 12))?;
    let day = fields.next().map_or(Some(1), |d| int_in(d, 1, 31))?;
    if fields.next().is_some() {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let time_nanos = time_of_day(time)?;
    Some(i128::from(days) * 86_400 * NANOS + time_nanos)
}

/// `hh[:mm[:ss[.fraction][z|±hh[:mm]]]]`, returned as nanoseconds after midnight UTC.
fn time_of_day(time: &str) -> Option<i128> {
    let mut parts = time.splitn(3, ':');
    let hours = match parts.next() {
        Some("") | None => 0,
        Some(h) => int_in(h, 0, 23)?,
    };
    let minutes = parts.next().map_or(Some(0), |m| int_in(m, 0, 59))?;
    let mut total = i128::from(hours * 3600 + minutes * 60) * NANOS;
    if let Some(rest) = parts.next() {
        let (seconds, offset) = split_zone(rest)?;
        let (whole, fraction) = seconds.split_once('.').unwrap_or((seconds, ""));
        total += i128::from(int_in(whole, 0, 59)?) * NANOS;
        if seconds.contains('.') {
            int_in(fraction, 0, 999_999_999)?;
            let digits: String = fraction.chars().take(9).collect();
            let scale = 10i128.pow(9 - u32::try_from(digits.len()).ok()?);
            total += i128::from(digits.parse::<i64>().ok()?) * scale;
        }
        total -= offset;
    }
    Some(total)
}

/// Splits `ss.fff+hh:mm` into the seconds text and the zone offset in nanoseconds.
fn split_zone(rest: &str) -> Option<(&str, i128)> {
    if let Some((seconds, after)) = rest.split_once('z') {
        return after.is_empty().then_some((seconds, 0));
    }
    let Some(i) = rest.find(['+', '-']) else {
        return Some((rest, 0));
    };
    let sign = if rest.as_bytes()[i] == b'-' { -1 } else { 1 };
    let zone = &rest[i + 1..];
    let (hours, minutes) = zone.split_once(':').unwrap_or((zone, "00"));
    if hours.len() != 2 || minutes.len() != 2 {
        return None;
    }
    let offset = int_in(hours, 0, 23)? * 3600 + int_in(minutes, 0, 59)? * 60;
    Some((&rest[..i], sign * i128::from(offset) * NANOS))
}

/// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants() {
        assert_eq!(parse("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse("2017-07-01T00:00:00Z"), parse("1498867200"));
        assert_eq!(parse("2017-07-01T02:00:00+02:00"), parse("1498867200"));
        assert_eq!(parse("2017-06-30T22:00:00-02:00"), parse("1498867200"));
        assert_eq!(
            parse("2016-12-13T21:20:37.5Z").map(|n| n % NANOS),
            Some(500_000_000)
        );
        assert_eq!(parse("2017-07-01"), parse("1498867200"));
    }

    #[test]
    fn aws_legacy_acceptance() {
        for ok in [
            "01T",
            "2016-12-13t2:00:00.593194+23",
            "-292275054",
            "2019-07-01T13:20:15Z",
        ] {
            assert!(parse(ok).is_some(), "{ok}");
        }
        for bad in [
            "sdfdsf",
            "234-13",
            "2016-12-13t2:00:00.593194+1",
            "2016-12-13t2:00:00.1999999999+10:59",
            "9223372036854775808",
        ] {
            assert!(parse(bad).is_none(), "{bad}");
        }
    }
}
