using System.Security.Cryptography;

namespace CorrelationHub.Simulator.Play;

/// <summary>
/// RFC 7865 recording metadata in CUBE's shape (docs/interop.md, CUBE SIPREC, fixture story C): one session whose
/// sipSessionID ends with the CUCM CI, participants interleaved with their session association and stream, then the
/// participant-stream associations. The first participant is the anchor (the customer side), label 1.
/// </summary>
public static class SiprecMetadata
{
    public static string Build(string sessionCi, string customer, string agentExtension, string agentDisplay, string host, DateTimeOffset start)
    {
        var session = Id();
        var customerId = Id();
        var agentId = Id();
        var customerStream = Id();
        var agentStream = Id();
        var time = TimeMap.Iso(start);
        return $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <recording xmlns="urn:ietf:params:xml:ns:recording:1">
             <datamode>complete</datamode>
             <session session_id="{session}">
              <sipSessionID>059a1ef36a92e7f3a278d8ba{sessionCi[^8..]};remote={Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant()}</sipSessionID>
              <start-time>{time}</start-time>
             </session>
             <participant participant_id="{customerId}">
              <nameID aor="sip:{customer}@{host}">
               <name xml:lang="en">{customer} </name>
              </nameID>
             </participant>
             <participantsessionassoc participant_id="{customerId}" session_id="{session}">
              <associate-time>{time}</associate-time>
             </participantsessionassoc>
             <stream stream_id="{customerStream}" session_id="{session}">
              <label>1</label>
             </stream>
             <participant participant_id="{agentId}">
              <nameID aor="sip:{agentExtension}@{host}">
               <name xml:lang="en">Agent ({agentDisplay})</name>
              </nameID>
             </participant>
             <participantsessionassoc participant_id="{agentId}" session_id="{session}">
              <associate-time>{time}</associate-time>
             </participantsessionassoc>
             <stream stream_id="{agentStream}" session_id="{session}">
              <label>2</label>
             </stream>
             <participantstreamassoc participant_id="{customerId}">
              <send>{customerStream}</send>
              <recv>{agentStream}</recv>
             </participantstreamassoc>
             <participantstreamassoc participant_id="{agentId}">
              <send>{agentStream}</send>
              <recv>{customerStream}</recv>
             </participantstreamassoc>
            </recording>
            """.Replace("\n", "\r\n", StringComparison.Ordinal);
    }

    private static string Id() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
}
