using CorrelationHub.Simulator.Day;
using CorrelationHub.Simulator.Media;

namespace CorrelationHub.Simulator.Play;

/// <summary>
/// What each leg says, so the recording itself can be checked: the agent's leg says "this is First Last, call C 0 0 1 2 3"
/// (name and call key), the far end's leg says its own line (the customer's number, or the other agent's name).
/// </summary>
public sealed class AudioSource(PromptLibrary? prompts)
{
    public static IEnumerable<string> Phrases(DayPlan day)
    {
        yield return "call";
        foreach (var digit in Digits)
        {
            yield return digit;
        }

        foreach (var agent in day.Agents)
        {
            yield return "this is " + agent.DisplayName;
        }

        yield return "conference bridge";
        yield return "customer calling from";
        yield return "customer at";
    }

    private static readonly string[] Digits = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

    public byte[] Agent(RecordingPlan recording) => Encode(["this is " + recording.Agent.DisplayName, "call", .. Spell(recording.CallKey)], recording.PayloadType);

    public byte[] FarEnd(RecordingPlan recording)
    {
        var speech = recording.FarSpeech;
        foreach (var lead in new[] { "customer calling from ", "customer at " })
        {
            if (speech.StartsWith(lead, StringComparison.Ordinal))
            {
                return Encode([lead.Trim(), .. Spell(speech[lead.Length..])], recording.PayloadType);
            }
        }

        return Encode([speech], recording.PayloadType);
    }

    private static IEnumerable<string> Spell(string text) => text.Where(char.IsDigit).Select(c => Digits[c - '0']);

    private byte[] Encode(IEnumerable<string> phrases, int payloadType)
    {
        if (prompts is null)
        {
            return new byte[160];
        }

        return G711.Encode(prompts.Sequence(phrases), payloadType);
    }
}
