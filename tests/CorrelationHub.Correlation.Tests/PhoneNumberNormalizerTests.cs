using CorrelationHub.Correlation.Numbers;

namespace CorrelationHub.Correlation.Tests;

public sealed class PhoneNumberNormalizerTests
{
    private readonly PhoneNumberNormalizer _ireland = new(new NumberPlanOptions());

    [Fact]
    public void Story_b_access_code_plus_national_number_is_the_same_subscriber()
    {
        Assert.True(_ireland.Same("00851231234", "+353851231234"));
        Assert.Contains("+353851231234", _ireland.Readings("00851231234"));
    }

    [Theory]
    [InlineData("0858712345", "+353858712345", true)]
    [InlineData("00353858712345", "+353858712345", true)]
    [InlineData("sip:+353858712345@127.0.0.1", "+353858712345", true)]
    [InlineData("+353858712345", "+353858712346", false)]
    [InlineData("61001", "61001", true)]
    [InlineData("61001", "61002", false)]
    public void Compares_numbers_as_subscribers(string a, string b, bool same) => Assert.Equal(same, _ireland.Same(a, b));

    [Fact]
    public void Unknown_is_neither_same_nor_different() => Assert.Null(_ireland.Same(null, "+353858712345"));
}
