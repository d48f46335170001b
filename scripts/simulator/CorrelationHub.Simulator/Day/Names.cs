namespace CorrelationHub.Simulator.Day;

/// <summary>Names for generated agents (espeak-ng pronounces them; the audio check listens for them).</summary>
public static class Names
{
    public static readonly string[] First =
    [
        "Bob", "Alice", "Ciara", "Declan", "Emma", "Fionn", "Grace", "Hugh", "Isla", "Jack", "Kate", "Liam", "Maeve", "Niall",
        "Orla", "Padraig", "Roisin", "Sean", "Tara", "Una", "Victor", "Wendy", "Aoife", "Brian", "Cathal", "Dara", "Eoin",
        "Freya", "Gavin", "Helen", "Ian", "Julia", "Kevin", "Laura", "Mark", "Nora", "Oscar", "Paula", "Ruth", "Simon",
    ];

    public static readonly string[] Last =
    [
        "Bobster", "Byrne", "Ryan", "Walsh", "Kelly", "Murphy", "Doyle", "Lynch", "Kennedy", "Nolan", "Quinn", "Brennan",
        "Foley", "Hayes", "Keane", "Moran", "Power", "Daly", "Burke", "Casey", "Flynn", "Hogan", "Barry", "Shaw", "Tobin",
    ];

    public static readonly string[] Teams = ["Billing", "Sales", "Support", "Retention", "Claims", "Collections", "Onboarding", "Fraud"];
}
