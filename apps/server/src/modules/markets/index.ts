export { marketRoutes, MarketRefSchema } from './markets.routes.ts';
export { findCountries, findMarkets, getCountry, getMarket, getMarketPolicy, isKnownCountry, marketRef, resolveMarket, type MarketRef, type MarketResolution, type MarketView } from './markets.service.ts';
