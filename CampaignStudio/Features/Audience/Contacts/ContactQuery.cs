namespace CampaignStudio.Features.Audience.Contacts;

/// <summary>A page of the contacts grid: filters, sort and page.</summary>
public sealed record ContactQuery(
    string? Search = null,
    string? Tag = null,
    string? Country = null,
    ContactSort Sort = ContactSort.Newest,
    int Page = 0,
    int PageSize = 25);

public enum ContactSort
{
    Newest,
    Oldest,
    Name,
    NameDescending,
    City,
    Company,
}

public sealed record ContactRow(long Id, string? ExternalId, string Name, string? Email, string? Phone, string? Company, string? City, string? Country, IReadOnlyList<string> Tags, DateTime CreatedUtc);

public sealed record ContactPage(IReadOnlyList<ContactRow> Rows, int Total);
