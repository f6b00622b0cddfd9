using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CampaignStudio.Data.Migrations.MySql
{
    /// <inheritdoc />
    public partial class CampaignApproval : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ApprovalRequestedById",
                table: "Campaigns",
                type: "varchar(450)",
                maxLength: 450,
                nullable: true)
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.AddColumn<string>(
                name: "ApprovalRequestedByName",
                table: "Campaigns",
                type: "varchar(256)",
                maxLength: 256,
                nullable: true)
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.AddColumn<DateTime>(
                name: "ApprovalRequestedUtc",
                table: "Campaigns",
                type: "datetime(6)",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RejectionComment",
                table: "Campaigns",
                type: "varchar(2000)",
                maxLength: 2000,
                nullable: true)
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.AddColumn<string>(
                name: "ReviewedById",
                table: "Campaigns",
                type: "varchar(450)",
                maxLength: 450,
                nullable: true)
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.AddColumn<string>(
                name: "ReviewedByName",
                table: "Campaigns",
                type: "varchar(256)",
                maxLength: 256,
                nullable: true)
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.AddColumn<DateTime>(
                name: "ReviewedUtc",
                table: "Campaigns",
                type: "datetime(6)",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ApprovalRequestedById",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "ApprovalRequestedByName",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "ApprovalRequestedUtc",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "RejectionComment",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "ReviewedById",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "ReviewedByName",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "ReviewedUtc",
                table: "Campaigns");
        }
    }
}
