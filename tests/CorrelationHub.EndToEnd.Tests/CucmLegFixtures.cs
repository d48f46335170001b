using CorrelationHub.TestSupport;

namespace CorrelationHub.EndToEnd.Tests;

/// <summary>
/// Story A's recording legs from the fixtures, verbatim over TCP; over UDP the Via and Contact name UDP and the
/// test socket's port so responses come back to the test (the fixtures' 5060 may belong to a running product).
/// The far-end ACK and BYE are derived from the near-end ones (Call-ID, From tag and first x-parameter differ).
/// </summary>
public sealed class CucmLegFixtures(bool udp, int localPort)
{
    private const string NearCallId = "8F1C2A00-3B9E11F1-8A41D4C2-77A10B5E@127.0.0.100";
    private const string FarCallId = "8F1C2A00-3B9E11F1-8A42D4C2-77A10B5E@127.0.0.100";
    private const string NearTag = "4B2E4382-2704";
    private const string FarTag = "4B2E43A0-1F0E";

    public string Invite(bool near) => Adapt(RepoPaths.FixtureText(near ? "sip/cucm-bib-nearend-delayed-offer.sip" : "sip/cucm-bib-farend-delayed-offer.sip"));

    public string Ack(bool near, string toTag) => Adapt(ForLeg(RepoPaths.FixtureText("sip/cucm-bib-nearend-ack-with-answer.sip"), near).Replace("REPLACE-WITH-OUR-TO-TAG", toTag, StringComparison.Ordinal));

    public string Bye(bool near, string toTag) => Adapt(ForLeg(RepoPaths.FixtureText("sip/cucm-bib-nearend-bye.sip"), near).Replace("REPLACE-WITH-OUR-TO-TAG", toTag, StringComparison.Ordinal));

    private static string ForLeg(string nearMessage, bool near) => near
        ? nearMessage
        : nearMessage.Replace(NearCallId, FarCallId, StringComparison.Ordinal)
            .Replace("tag=" + NearTag, "tag=" + FarTag, StringComparison.Ordinal)
            .Replace(";x-nearend;", ";x-farend;", StringComparison.Ordinal)
            .Replace("branch=z9hG4bK5A1D0E3F", "branch=z9hG4bK5A1D0E40", StringComparison.Ordinal)
            .Replace("branch=z9hG4bK7C22E901", "branch=z9hG4bK7C22E902", StringComparison.Ordinal);

    private string Adapt(string message) => !udp
        ? message
        : message.Replace("SIP/2.0/TCP 127.0.0.100:5060", $"SIP/2.0/UDP 127.0.0.100:{localPort}", StringComparison.Ordinal)
            .Replace(";transport=tcp", string.Empty, StringComparison.Ordinal);
}
