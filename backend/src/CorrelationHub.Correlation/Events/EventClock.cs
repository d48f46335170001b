namespace CorrelationHub.Correlation.Events;

/// <summary>
/// When a gadget event happened, on the server's clock (docs/architecture.md, decision D6). The gadget's own clock can be
/// minutes off; <c>clientDriftMs</c> (finesse.gadget.Config.clientDriftInMillis: gadget clock minus Finesse
/// server clock) corrects it. Nothing is received before it is sent, so the corrected time never exceeds the
/// receive time; without a drift the receive time is used (a queued event then looks late, never early).
/// </summary>
public static class EventClock
{
    public static DateTimeOffset Of(AgentEvent agentEvent, DateTimeOffset received)
    {
        if (agentEvent.ClientTime is { } client && agentEvent.ClientDriftMs is { } drift)
        {
            var corrected = client.AddMilliseconds(-drift);
            return corrected < received ? corrected : received;
        }

        return received;
    }
}
