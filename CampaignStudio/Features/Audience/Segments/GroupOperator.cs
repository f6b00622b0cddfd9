namespace CampaignStudio.Features.Audience.Segments;

public enum GroupOperator
{
    And,
    Or,
}
