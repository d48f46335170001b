namespace CorrelationHub.Correlation.Numbers;

/// <summary>
/// Turns a dialled or presented number into the E.164 forms it can stand for. Dial strings are ambiguous
/// (with access code 0 and international prefix 00, <c>00851231234</c> is either +851231234 or, read as 0 + national
/// 0851231234, +353851231234), so this returns every reading; two numbers are the same when their readings meet.
/// </summary>
public sealed class PhoneNumberNormalizer
{
    private readonly NumberPlanOptions _plan;

    public PhoneNumberNormalizer(NumberPlanOptions plan) => _plan = plan;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlySet<string>> _cache = new(StringComparer.Ordinal);

    public IReadOnlySet<string> Readings(string? number)
    {
        if (string.IsNullOrWhiteSpace(number))
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }

        if (_cache.TryGetValue(number, out var known))
        {
            return known;
        }

        var readings = Compute(number);
        if (_cache.Count < 100_000)
        {
            _cache[number] = readings;
        }

        return readings;
    }

    private HashSet<string> Compute(string number)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);

        var trimmed = DialString.UserPart(number);

        if (trimmed.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("tel:", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed[4..];
        }

        var plus = trimmed.StartsWith('+');
        var digits = DialString.Digits(trimmed);
        if (digits.Length == 0)
        {
            return result;
        }

        if (plus)
        {
            result.Add("+" + digits);
            return result;
        }

        if (digits.Length <= _plan.MaxExtensionDigits)
        {
            result.Add(digits);
            return result;
        }

        AddDialled(digits, result);
        foreach (var code in _plan.AccessCodes)
        {
            if (code.Length > 0 && digits.StartsWith(code, StringComparison.Ordinal) && digits.Length - code.Length > _plan.MaxExtensionDigits)
            {
                AddDialled(digits[code.Length..], result);
            }
        }

        return result;
    }

    /// <summary>True when the two numbers can be the same subscriber; false when they cannot; null when either is unknown.</summary>
    public bool? Same(string? a, string? b)
    {
        var left = Readings(a);
        var right = Readings(b);
        if (left.Count == 0 || right.Count == 0)
        {
            return null;
        }

        return left.Overlaps(right);
    }

    private void AddDialled(string digits, HashSet<string> result)
    {
        if (_plan.InternationalPrefix.Length > 0 && digits.StartsWith(_plan.InternationalPrefix, StringComparison.Ordinal))
        {
            result.Add("+" + digits[_plan.InternationalPrefix.Length..]);
        }
        else if (_plan.NationalPrefix.Length > 0 && digits.StartsWith(_plan.NationalPrefix, StringComparison.Ordinal))
        {
            result.Add("+" + _plan.CountryCode + digits[_plan.NationalPrefix.Length..]);
        }
        else if (digits.StartsWith(_plan.CountryCode, StringComparison.Ordinal))
        {
            // Presented in international format without '+' (common on SIP trunks).
            result.Add("+" + digits);
        }
        else
        {
            result.Add("+" + _plan.CountryCode + digits);
        }
    }
}
