using CorrelationHub.Sip.Cucm;
using CorrelationHub.Sip.Messages;
using CorrelationHub.TestSupport;

namespace CorrelationHub.Sip.Tests;

public sealed class CucmRecordingLegTests
{
    public static TheoryData<int, string, string, string, string, string, string> FromHeaderLines => new()
    {
        // line, refci, nearendaddr, farendaddr, nearend device, farend refci, x-sessionid
        { 0, "17687488", "61001", "+353858712345", "SEP000700000009", "17687487", "059a1ef36a92e7f3a278d8ba17687488" },
        { 1, "34446813", "61001", "00851231234", "SEP0000000000F9", "34446814", "059a1ef36a92e7f3a278d8ba34446813" },
        { 2, "34446593", "6111147", "00851231234", "SEP000700000009", "34446594", "059a1ef36a92e7f3a278d8ba34446593" },
    };

    [Theory]
    [MemberData(nameof(FromHeaderLines))]
    public void Reads_every_x_parameter_of_the_fixture_from_headers(int line, string refCi, string nearEndAddress, string farEndAddress, string nearEndDevice, string farEndRefCi, string sessionId)
    {
        var header = File.ReadAllLines(RepoPaths.Fixture("sip/cucm-recording-from-headers.txt"))[line];
        Assert.StartsWith("From: ", header);

        Assert.True(NameAddress.TryParse(header["From: ".Length..], out var from));
        Assert.True(CucmRecordingLeg.TryRead(from, out var leg));

        Assert.Equal(CucmLegDirection.NearEnd, leg.Direction);
        Assert.Equal(refCi, leg.RefCi);
        Assert.Equal(nearEndAddress, leg.NearEndAddress);
        Assert.Equal(farEndAddress, leg.FarEndAddress);
        Assert.Equal(nearEndDevice, leg.NearEndDevice);
        Assert.Equal(farEndRefCi, leg.FarEndRefCi);
        Assert.Equal("ACME-TST-UCCE-V11", leg.NearEndClusterId);
        Assert.Equal("ACME-TST-UCCE-V11", leg.FarEndClusterId);
        Assert.Equal(sessionId, leg.SessionId);
        Assert.EndsWith(leg.RefCi, leg.SessionId);
        Assert.Equal($"{refCi}|{nearEndAddress}", leg.PairKey);

        // The tag is a header parameter, outside the angle brackets, not a URI parameter.
        Assert.NotNull(from.Tag);
        Assert.False(from.Uri!.Parameters.Contains("tag"));
    }

    [Fact]
    public void Agent_extension_comes_from_x_nearendaddr_not_the_user_part()
    {
        Assert.True(NameAddress.TryParse("<sip:99999@127.0.0.100;x-farend;x-refci=1;x-nearendaddr=61001>;tag=a", out var from));
        Assert.True(CucmRecordingLeg.TryRead(from, out var leg));
        Assert.Equal(CucmLegDirection.FarEnd, leg.Direction);
        Assert.Equal("61001", leg.NearEndAddress);
    }

    [Theory]
    [InlineData("<sip:61001@127.0.0.100;x-refci=1;x-nearendaddr=61001>;tag=a")]
    [InlineData("<sip:61001@127.0.0.100;x-nearend;x-nearendaddr=61001>;tag=a")]
    [InlineData("<sip:61001@127.0.0.100;x-nearend;x-refci=1>;tag=a")]
    [InlineData("sip:61001@127.0.0.100;x-nearend;x-refci=1;x-nearendaddr=61001")]
    public void Is_not_a_recording_leg_without_direction_refci_and_agent_inside_the_uri(string value)
    {
        Assert.True(NameAddress.TryParse(value, out var from));
        Assert.False(CucmRecordingLeg.TryRead(from, out _));
    }
}
