/** A Discord id (user, guild, channel, message...): 17 to 20 digits. */
export const SNOWFLAKE = /^\d{17,20}$/;

export const isSnowflake = (value: string): boolean => SNOWFLAKE.test(value);
