using System.Net;
using CorrelationHub.Simulator.Sip;
using CorrelationHub.TestSupport;

namespace CorrelationHub.Simulator.Tests;

/// <summary>The simulated CUCM legs imitate the fixtures' From header (tests/fixtures/README.md, story A).</summary>
public class SipShapeTests
{
    [Fact]
    public void The_from_header_has_the_fixtures_x_parameters_in_the_same_order()
    {
        var fixture = RepoPaths.FixtureText("sip/cucm-bib-nearend-delayed-offer.sip").Split("\r\n").First(l => l.StartsWith("From:", StringComparison.Ordinal));
        var identity = new LegIdentity("61001", "Bob Bobster", "SEP000700000009", "17687488", "17687487", "UCCE-CUBE-A", "+353858712345", NearEnd: true);

        var ours = "From: " + identity.From("127.0.0.100", "4B2E4382-2704");

        Assert.Equal(UriParameters(fixture), UriParameters(ours));
        Assert.Contains("x-sessionid=059a1ef36a92e7f3a278d8ba17687488", ours, StringComparison.Ordinal);
        Assert.Contains(";x-farend;", new LegIdentity("61001", "Bob Bobster", "SEP000700000009", "17687488", "17687487", "UCCE-CUBE-A", "+353858712345", NearEnd: false).From("127.0.0.100", "t"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_recorders_sdp_answer_is_read_per_m_line()
    {
        const string answer = "v=0\r\no=CorrelationHub 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
                              "m=audio 20000 RTP/AVP 8\r\na=label:1\r\na=recvonly\r\nm=audio 20002 RTP/SAVP 0\r\nc=IN IP4 127.0.0.2\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:abc\r\na=recvonly\r\n";

        var lines = SdpInfo.Parse(answer);

        Assert.Equal(2, lines.Count);
        Assert.Equal((20000, "RTP/AVP", IPAddress.Parse("127.0.0.1"), "1"), (lines[0].Port, lines[0].Protocol, lines[0].Address, lines[0].Label));
        Assert.Equal((20002, "RTP/SAVP", IPAddress.Parse("127.0.0.2")), (lines[1].Port, lines[1].Protocol, lines[1].Address));
        Assert.StartsWith("1 AES_CM_128_HMAC_SHA1_80", lines[1].Crypto, StringComparison.Ordinal);
    }

    [Fact]
    public void A_multipart_body_gives_its_sdp_part()
    {
        var body = RepoPaths.FixtureText("sip/cube-siprec-forking-tls.sip").Split("\r\n\r\n", 2)[1];

        var sdp = SdpInfo.Parse(SdpInfo.Part(body, "application/sdp")!);

        Assert.Equal([17072, 17074], sdp.Select(m => m.Port));
        Assert.Equal(["1", "2"], sdp.Select(m => m.Label));
    }

    private static List<string> UriParameters(string fromLine)
    {
        var uri = fromLine[(fromLine.IndexOf('<', StringComparison.Ordinal) + 1)..fromLine.IndexOf('>', StringComparison.Ordinal)];
        return [.. uri.Split(';').Skip(1).Select(p => p.Split('=')[0])];
    }
}
