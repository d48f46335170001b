using CorrelationHub.Correlation.Keys;
using CorrelationHub.Correlation.Model;

namespace CorrelationHub.Correlation.Tests;

public sealed class ExactKeysTests
{
    [Fact]
    public void A_cisco_guid_in_sip_decimal_form_equals_the_same_guid_in_hex()
    {
        var sip = ExactKeys.Create(ExactKeys.CallGuid, "3312350112-0447842762-2150367430-0156374294");
        var ucce = ExactKeys.Create(ExactKeys.CallGuid, "C56E73A01AB189CA802C00C609521516");
        Assert.Equal(ucce, sip);
    }

    [Theory]
    [InlineData(ExactKeys.Refci, "034446813", "34446813")]
    [InlineData(ExactKeys.SessionId, "059A1EF3-6A92-E7F3-A278-D8BA34446813", "059a1ef36a92e7f3a278d8ba34446813")]
    [InlineData("vendor:UCID", " 00001002161191240612 ", "00001002161191240612")]
    public void Keys_are_normalised(string kind, string value, string expected) => Assert.Equal(expected, ExactKeys.Create(kind, value)!.Value.Value);

    [Fact]
    public void Comparison_is_equal_different_or_unknown_by_kind()
    {
        ExactKey Refci(string v) => ExactKeys.Create(ExactKeys.Refci, v)!.Value;
        ExactKey Session(string v) => ExactKeys.Create(ExactKeys.SessionId, v)!.Value;
        Assert.Equal(KeyComparison.Equal, KeyComparer.Compare([Refci("1"), Session("ab")], [Refci("2"), Session("ab")]).Result);
        Assert.Equal(KeyComparison.Different, KeyComparer.Compare([Refci("1")], [Refci("2")]).Result);
        Assert.Equal(KeyComparison.Unknown, KeyComparer.Compare([Refci("1")], [Session("ab")]).Result);
        Assert.Equal(KeyComparison.Unknown, KeyComparer.Compare([], [Refci("1")]).Result);
    }

    [Fact]
    public void Empty_values_make_no_key() => Assert.Null(ExactKeys.Create(ExactKeys.Refci, "  "));
}
