namespace CampaignStudio.Tests.TestSupport;

/// <summary>The two providers every integration case runs on.</summary>
public enum DatabaseKind
{
    Sqlite,
    MySql,
}
