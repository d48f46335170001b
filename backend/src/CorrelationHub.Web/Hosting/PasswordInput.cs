namespace CorrelationHub.Web.Hosting;

/// <summary>
/// Reads a new password for the command line, never from an argument (arguments are visible to other users in the
/// process list and kept in shell history): typed twice without echo at a terminal, else the first line of stdin
/// (<c>printf '%s\n' "$PASSWORD" | CorrelationHub accounts add …</c>).
/// </summary>
public static class PasswordInput
{
    public static async Task<(string? Password, string? Error)> ReadAsync(TextReader stdin, TextWriter stderr)
    {
        if (ReferenceEquals(stdin, Console.In) && !Console.IsInputRedirected)
        {
            var first = ReadHidden(stderr, "Password: ");
            var second = ReadHidden(stderr, "Repeat password: ");
            return first == second ? (first, null) : (null, "the two passwords differ");
        }

        var line = await stdin.ReadLineAsync().ConfigureAwait(false);
        return line is null ? (null, "no password on stdin (pipe it in, e.g. printf '%s\\n' \"$PASSWORD\" | … accounts add …)") : (line, null);
    }

    private static string ReadHidden(TextWriter prompt, string text)
    {
        prompt.Write(text);
        prompt.Flush();
        var typed = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (typed.Length > 0)
                {
                    typed.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }

        prompt.WriteLine();
        return typed.ToString();
    }
}
