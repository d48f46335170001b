using CorrelationHub.Correlation.Numbers;
using CorrelationHub.Persistence.Records;

namespace CorrelationHub.Web.Endpoints;

/// <summary>
/// The <c>number</c> filter of <c>/api/calls</c> and the export: a row matches when its from, to or far-end address is
/// the same number as the query under the number plan (<c>Correlation:NumberPlan</c>, the rule the correlation engine
/// compares far ends by: <c>0858712345</c>, <c>00353858712345</c> and <c>+353858712345</c> are one number), or when the
/// address's digits end with the query's digits (a supervisor typing the last digits). The database first narrows
/// the rows to addresses containing the query's last digits (<see cref="CallFilter.NumberPattern"/>).
/// </summary>
public sealed class CallNumberFilter
{
    /// <summary>Fewer digits than this would match almost every call.</summary>
    public const int MinimumDigits = 3;

    /// <summary>The database pass looks for this many of the query's last digits.</summary>
    private const int PatternDigits = 6;

    private readonly PhoneNumberNormalizer _numbers;
    private readonly string _query;
    private readonly string _digits;

    private CallNumberFilter(PhoneNumberNormalizer numbers, string query, string digits)
    {
        _numbers = numbers;
        _query = query;
        _digits = digits;
    }

    /// <summary>The LIKE pattern of the database pass.</summary>
    public string Pattern => "%" + _digits[^Math.Min(PatternDigits, _digits.Length)..] + "%";

    /// <summary>Reads the query; null with a reason naming the field when it has too few digits.</summary>
    public static (CallNumberFilter? Filter, string? Error) Read(string query, PhoneNumberNormalizer numbers)
    {
        var digits = DialString.Digits(query);
        return digits.Length < MinimumDigits
            ? (null, $"must contain at least {MinimumDigits} digits")
            : (new CallNumberFilter(numbers, query.Trim(), digits), null);
    }

    public bool Matches(CallRecord record) => Matches(record.FromAddress) || Matches(record.ToAddress) || Matches(record.FarEndAddress);

    private bool Matches(string? address) =>
        !string.IsNullOrEmpty(address) && (_numbers.Same(_query, address) == true || DialString.Digits(DialString.UserPart(address)).EndsWith(_digits, StringComparison.Ordinal));
}
