namespace CorrelationHub.Sip.Messages;

public static class SipMethods
{
    public const string Invite = "INVITE";
    public const string Ack = "ACK";
    public const string Bye = "BYE";
    public const string Cancel = "CANCEL";
    public const string Options = "OPTIONS";
    public const string Update = "UPDATE";
    public const string Info = "INFO";
    public const string Prack = "PRACK";
    public const string Register = "REGISTER";
    public const string Refer = "REFER";
    public const string Subscribe = "SUBSCRIBE";
    public const string Notify = "NOTIFY";
    public const string Message = "MESSAGE";
    public const string Publish = "PUBLISH";

    /// <summary>Methods this server implements, for <c>Allow</c>.</summary>
    public const string AllowList = "INVITE, ACK, BYE, CANCEL, OPTIONS, UPDATE, INFO";

    /// <summary>Known SIP methods we deliberately do not accept (405 rather than 501, RFC 3261 §21.4.6).</summary>
    public static bool IsKnownButNotAllowed(string method) => method is Register or Refer or Subscribe or Notify or Message or Publish or Prack;
}
