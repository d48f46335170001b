namespace CorrelationHub.Sip.Messages;

/// <summary>Canonical SIP header names and the compact forms of RFC 3261 §7.3.3 (and RFC 4028 for <c>x</c>).</summary>
public static class HeaderNames
{
    public const string Via = "Via";
    public const string From = "From";
    public const string To = "To";
    public const string CallId = "Call-ID";
    public const string CSeq = "CSeq";
    public const string Contact = "Contact";
    public const string ContentLength = "Content-Length";
    public const string ContentType = "Content-Type";
    public const string ContentDisposition = "Content-Disposition";
    public const string MaxForwards = "Max-Forwards";
    public const string Supported = "Supported";
    public const string Require = "Require";
    public const string Unsupported = "Unsupported";
    public const string Allow = "Allow";
    public const string Accept = "Accept";
    public const string Timestamp = "Timestamp";
    public const string Server = "Server";
    public const string UserAgent = "User-Agent";
    public const string Reason = "Reason";
    public const string RetryAfter = "Retry-After";
    public const string SessionId = "Session-ID";
    public const string SessionExpires = "Session-Expires";
    public const string MinSe = "Min-SE";
    public const string CiscoGuid = "Cisco-Guid";
    public const string RecordRoute = "Record-Route";
    public const string Route = "Route";
    public const string Subject = "Subject";
    public const string ContentEncoding = "Content-Encoding";
    public const string Event = "Event";
    public const string ReferTo = "Refer-To";
    public const string ReferredBy = "Referred-By";
    public const string AllowEvents = "Allow-Events";
    public const string AcceptContact = "Accept-Contact";
    public const string RejectContact = "Reject-Contact";
    public const string RequestDisposition = "Request-Disposition";
    public const string Warning = "Warning";

    private static readonly Dictionary<string, string> Canonical = BuildCanonical();

    /// <summary>Maps a header name as received (any case, compact or long form) to its canonical long form.</summary>
    public static string Normalize(string name)
    {
        return Canonical.TryGetValue(name, out var canonical) ? canonical : name;
    }

    private static Dictionary<string, string> BuildCanonical()
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            // RFC 3261 §7.3.3 and §20; RFC 4028 (x); RFC 3515/3892 (r, b); RFC 6665 (o, u); RFC 3841 (a, j, d).
            ["v"] = Via, ["f"] = From, ["t"] = To, ["i"] = CallId, ["m"] = Contact,
            ["l"] = ContentLength, ["c"] = ContentType, ["k"] = Supported, ["s"] = Subject,
            ["e"] = ContentEncoding, ["o"] = Event, ["r"] = ReferTo, ["b"] = ReferredBy,
            ["u"] = AllowEvents, ["x"] = SessionExpires, ["a"] = AcceptContact,
            ["j"] = RejectContact, ["d"] = RequestDisposition,
        };
        foreach (var name in new[]
                 {
                     Via, From, To, CallId, CSeq, Contact, ContentLength, ContentType, ContentDisposition,
                     MaxForwards, Supported, Require, Unsupported, Allow, Accept, Timestamp, Server, UserAgent,
                     Reason, RetryAfter, SessionId, SessionExpires, MinSe, CiscoGuid, RecordRoute, Route,
                     Subject, ContentEncoding, Event, ReferTo, ReferredBy, AllowEvents, AcceptContact,
                     RejectContact, RequestDisposition, Warning,
                 })
        {
            map[name] = name;
        }

        return map;
    }
}
