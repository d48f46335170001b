namespace CorrelationHub.Simulator.Day;

/// <summary>Scenario type names (the rows of the accuracy report).</summary>
public static class Scenarios
{
    public const string Inbound = "inbound";
    public const string InboundHold = "inbound_hold";
    public const string Outbound = "outbound";
    public const string Internal = "internal";
    public const string ConsultTransfer = "consult_transfer";
    public const string ConsultConference = "consult_conference";
    public const string BlindTransfer = "blind_transfer";
    public const string Short = "short";
    public const string Long = "long";
}
