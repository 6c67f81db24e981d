using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FoodDelivery.Reviews.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReplicaOriginCluster : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "origin_cluster",
                table: "order_replicas",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "origin_cluster",
                table: "account_replicas",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "sync_take_over_fences",
                columns: table => new
                {
                    owner = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    fenced_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sync_take_over_fences", x => x.owner);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sync_take_over_fences");

            migrationBuilder.DropColumn(
                name: "origin_cluster",
                table: "order_replicas");

            migrationBuilder.DropColumn(
                name: "origin_cluster",
                table: "account_replicas");
        }
    }
}
