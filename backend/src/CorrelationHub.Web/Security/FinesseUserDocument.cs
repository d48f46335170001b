using System.Xml;
using System.Xml.Linq;

namespace CorrelationHub.Web.Security;

/// <summary>
/// Reads the Finesse User XML (REST API "User—Get User"). Element names are matched without namespace; one role or
/// one team is a single element, several are repeated elements. No DTDs, bounded size.
/// </summary>
public static class FinesseUserDocument
{
    private const int MaxCharacters = 512 * 1024;

    public static FinesseUser? Parse(string xml)
    {
        XElement root;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxCharacters };
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            root = XElement.Load(reader);
        }
        catch (XmlException)
        {
            return null;
        }

        if (root.Name.LocalName != "User")
        {
            return null;
        }

        var loginId = Text(root, "loginId");
        if (loginId is null)
        {
            return null;
        }

        var roles = Child(root, "roles")?.Elements().Where(e => e.Name.LocalName == "role").Select(e => e.Value.Trim()).Where(v => v.Length > 0).ToList() ?? [];
        var teams = Child(root, "teams")?.Elements().Where(e => e.Name.LocalName == "Team")
            .Select(t => (Id: Text(t, "id"), Name: Text(t, "name")))
            .Where(t => t.Id is not null)
            .Select(t => new FinesseTeam(t.Id!, t.Name))
            .ToList() ?? [];
        return new FinesseUser(
            loginId,
            Text(root, "loginName"),
            Text(root, "extension"),
            Text(root, "firstName"),
            Text(root, "lastName"),
            roles,
            Text(root, "teamId"),
            Text(root, "teamName"),
            teams);
    }

    private static XElement? Child(XElement parent, string name) => parent.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    private static string? Text(XElement parent, string name)
    {
        var value = Child(parent, name)?.Value.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }
}
