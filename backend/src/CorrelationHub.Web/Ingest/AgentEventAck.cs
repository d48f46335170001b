namespace CorrelationHub.Web.Ingest;

/// <summary>The acknowledgement of one gadget event (docs/contracts.md §3). <c>duplicate</c> extends the contract.</summary>
public sealed record AgentEventAck(string EventId, bool Accepted, string ServerTime, bool Duplicate = false);
